/**
 * When the room tests may skip their checks against the official spec (kept in ../shared, never in
 * the repository): only where ../shared is absent altogether. Next to ../shared, or with
 * ROBODECK_REQUIRE_SPEC=1, a missing spec stops the run instead.
 */
import { describe, expect, it } from 'vitest'
import { SPEC_PATH, specMissingError } from '../../support/localroom'

describe('the official spec for the room tests', () => {
  it('is required next to a ../shared folder, and says where it should be', () => {
    const error = specMissingError({}, true, false)
    expect(error?.message).toContain(SPEC_PATH)
    expect(error?.message).toMatch(/\.\.\/shared exists/)
  })

  it('is required where ROBODECK_REQUIRE_SPEC=1, even without ../shared', () => {
    expect(specMissingError({ ROBODECK_REQUIRE_SPEC: '1' }, false, false)?.message).toMatch(
      /ROBODECK_REQUIRE_SPEC=1/,
    )
  })

  it('may be absent from a bare clone, CI or not: its checks report themselves skipped', () => {
    expect(specMissingError({}, false, false)).toBeUndefined()
    expect(specMissingError({ CI: 'true' }, false, false)).toBeUndefined()
  })

  it('is no problem where it exists', () => {
    expect(specMissingError({ ROBODECK_REQUIRE_SPEC: '1' }, true, true)).toBeUndefined()
  })
})
