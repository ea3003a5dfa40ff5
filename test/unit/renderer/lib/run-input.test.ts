/** Run again's input: the first work item's payload, none for a null one, a reason otherwise. */
import { describe, expect, it } from 'vitest'
import { runInput } from '../../../../src/renderer/src/lib/run-input'

const item = (id: string, payload: unknown) => ({
  id,
  state: 'done',
  createdAt: '2026-01-01T00:00:00Z',
  stepRunId: null,
  exception: null,
  payload: payload as null,
  files: [],
})

describe('runInput', () => {
  it('takes the first work item, the one the launch created', () => {
    expect(runInput({ items: [item('a', { n: 1 }), item('b', { n: 2 })], outputs: [] })).toEqual({
      ok: true,
      payload: { n: 1 },
    })
  })
  it('launches with no payload when the input had none', () => {
    expect(runInput({ items: [item('a', null)], outputs: [] })).toEqual({ ok: true, payload: undefined })
  })
  it('gives a reason when there is no item or its payload was not read', () => {
    expect(runInput({ items: [], outputs: [] })).toMatchObject({ ok: false, reason: /no input work item/ })
    expect(runInput({ items: [item('a', undefined)], outputs: [] })).toMatchObject({
      ok: false,
      reason: /not read/,
    })
  })
})
