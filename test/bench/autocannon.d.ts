// autocannon 8 ships no types; the benchmark uses only its programmatic entry point.
declare module 'autocannon' {
  function autocannon(
    opts: Record<string, unknown>,
  ): Promise<Record<string, any> & { latency: Record<string, number> }>;
  export default autocannon;
}
