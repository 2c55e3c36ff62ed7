import { SwitchLink } from './switch-link';

/** A page that cannot go on: why (announced to screen readers), and the way back. */
export function Refusal(props: { message: string; backHref: string; backLabel: string }) {
  return (
    <>
      <p className="form-error" role="alert">
        {props.message}
      </p>
      <SwitchLink href={props.backHref}>{props.backLabel}</SwitchLink>
    </>
  );
}
