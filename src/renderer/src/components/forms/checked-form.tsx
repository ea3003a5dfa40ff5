/**
 * A form whose checks name each problem in the page, in words, beside its field: the browser's own
 * validation bubbles would hide them (and say less), so they are off, and submitting runs the
 * form's check and action instead of loading a page.
 */
import type { FormHTMLAttributes } from 'react'

interface CheckedFormProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit' | 'noValidate'> {
  onSubmit(): unknown
}

export function CheckedForm({ onSubmit, children, ...form }: CheckedFormProps) {
  return (
    <form
      {...form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void onSubmit()
      }}
    >
      {children}
    </form>
  )
}
