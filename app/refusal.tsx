import Link from 'next/link';

/** A page that cannot go on: why (announced to screen readers), and the way back. */
export function Refusal(props: { message: string; backHref: string; backLabel: string }) {
  return (
    <>
      <p className="form-error" role="alert">
        {props.message}
      </p>
      <p className="switch-link">
        <Link href={props.backHref}>{props.backLabel}</Link>
      </p>
    </>
  );
}
