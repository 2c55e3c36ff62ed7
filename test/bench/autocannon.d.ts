// autocannon 8 ships no types; the benchmark uses only its programmatic entry point.
declare module 'autocannon' {
  function autocannon(
    opts: Record<string, unknown>,
    // biome-ignore lint/suspicious/noExplicitAny: autocannon's result is a loose record of numbers and arrays
  ): Promise<Record<string, any> & { latency: Record<string, number> }>;
  export default autocannon;
}
