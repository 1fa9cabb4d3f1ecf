/** The core's (or the form's) message for one field, linked to it by id through aria-describedby. */
export function FieldError({ id, error, testId }: { id: string; error: string | undefined; testId: string }) {
  if (!error) return null;
  return (
    <p id={id} className="field__error" data-testid={testId}>
      {error}
    </p>
  );
}

/** Props that mark an input invalid and point it at its message. */
export function invalidProps(errorId: string, error: string | undefined, helpId?: string) {
  return {
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : helpId,
  } as const;
}
