import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/content-security-policy'

const html = readFileSync(resolve(__dirname, '../../../src/renderer/index.html'), 'utf8')

describe('renderer index.html', () => {
  it('carries the same Content-Security-Policy web mode sends as a header', () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY)
  })

  it('has no inline script or style the policy would block', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i)
    expect(html).not.toMatch(/<style\b|\sstyle="/i)
  })

  it('is titled Robodeck', () => {
    expect(html).toContain('<title>Robodeck</title>')
  })
})
