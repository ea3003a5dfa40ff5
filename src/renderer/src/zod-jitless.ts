/**
 * The window's CSP has no 'unsafe-eval', so zod's compiled validators are refused: told before any
 * schema is built (this module is main.tsx's first import), zod uses its interpreter from the start
 * instead of trying eval and drawing a CSP violation report.
 */
import { z } from 'zod'

z.config({ jitless: true })
