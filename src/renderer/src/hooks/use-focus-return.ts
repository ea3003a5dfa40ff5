/**
 * Focus for a control that opens in place (a rename field, a secret's form): into `inside` when it
 * opens, and back to `opener` when it closes, so a keyboard user is not dropped at the top of the
 * page. Only a close moves focus back: the first render leaves focus where it is.
 */
import { type RefObject, useEffect, useRef } from 'react'

export function useFocusReturn(
  open: boolean,
  inside: RefObject<HTMLInputElement | null>,
  opener: RefObject<HTMLElement | null>,
  { select = false }: { select?: boolean } = {},
): void {
  const wasOpen = useRef(false)
  useEffect(() => {
    if (open) {
      inside.current?.focus()
      if (select) inside.current?.select()
    } else if (wasOpen.current) opener.current?.focus()
    wasOpen.current = open
  }, [open, inside, opener, select])
}
