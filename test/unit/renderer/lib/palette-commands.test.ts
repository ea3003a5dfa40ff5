/** The command palette's entries: complete (every view, process and action), bounded, unambiguous. */
import { describe, expect, it } from 'vitest'
import {
  PALETTE_RUNS,
  paletteCommands,
  paletteMatch,
} from '../../../../src/renderer/src/lib/palette-commands'
import type { ProcessSummary } from '../../../../src/shared/domain'
import { runSummary } from '../../../support/fixtures'

const views = [
  { view: 'runs', label: 'Runs' },
  { view: 'workspaces', label: 'Workspaces' },
] as const
const process = (connectionId: string, id: string, name: string): ProcessSummary => ({
  connectionId,
  id,
  name,
  createdAt: '2026-01-01T00:00:00Z',
})
const nameOf = (id: string) => (id === 'local' ? 'Local Control Room' : 'Acme cloud')

describe('paletteCommands', () => {
  it('offers every view, every process (by name, with its workspace to match), and refresh', () => {
    const commands = paletteCommands({
      views,
      processes: [process('local', 'p2', 'Sales report'), process('cloud', 'p2', 'Invoice sync')],
      runs: [],
      nameOf,
      runOpen: false,
      nowMs: Date.now(),
      mac: false,
    })
    expect(commands.map((c) => c.label)).toEqual([
      'Runs',
      'Workspaces',
      'Refresh runs and processes',
      'Launch Invoice sync',
      'Launch Sales report',
    ])
    const invoice = commands.find((c) => c.label === 'Launch Invoice sync')
    expect(invoice?.keywords).toContain('Acme cloud')
    expect(invoice?.action).toEqual({ kind: 'launch', process: process('cloud', 'p2', 'Invoice sync') })
    expect(commands.find((c) => c.label === 'Workspaces')?.action).toEqual({
      kind: 'view',
      view: 'workspaces',
    }) // Each view shows its shortcut; nothing else claims one.
    expect(commands.filter((c) => c.keys).map((c) => [c.label, c.keys])).toEqual([
      ['Runs', 'Ctrl+1'],
      ['Workspaces', 'Ctrl+2'],
    ])
  })

  it('keeps the same process id in two workspaces apart, and every id unique', () => {
    const commands = paletteCommands({
      views,
      processes: [process('local', 'p1', 'Echo'), process('cloud', 'p1', 'Echo')],
      runs: [
        runSummary({ connectionId: 'local', id: 'r1' }),
        runSummary({ connectionId: 'cloud', id: 'r1' }),
      ],
      nameOf,
      runOpen: true,
      nowMs: Date.now(),
      mac: false,
    })
    const ids = commands.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(commands.filter((c) => c.group === 'Launch')).toHaveLength(2)
    expect(commands.filter((c) => c.group === 'Open run')).toHaveLength(2)
  })

  it(`offers the newest ${PALETTE_RUNS} runs, labelled with process and state, and closing only an open run`, () => {
    const runs = Array.from({ length: 100 }, (_, i) =>
      runSummary({ id: `r${i}`, processName: 'Payroll', state: i === 0 ? 'unresolved' : 'completed' }),
    )
    const closed = paletteCommands({
      views,
      processes: [],
      runs,
      nameOf,
      runOpen: false,
      nowMs: Date.now(),
      mac: false,
    })
    const runEntries = closed.filter((c) => c.group === 'Open run')
    expect(runEntries).toHaveLength(PALETTE_RUNS)
    expect(runEntries[0]?.label).toMatch(/^Payroll: unresolved, /)
    expect(runEntries[0]?.action).toEqual({ kind: 'open-run', run: runs[0] })
    expect(closed.some((c) => c.action.kind === 'close-run')).toBe(false)
    const open = paletteCommands({
      views,
      processes: [],
      runs,
      nameOf,
      runOpen: true,
      nowMs: Date.now(),
      mac: false,
    })
    expect(open.find((c) => c.action.kind === 'close-run')?.label).toBe('Close the open run')
  })
})

describe('paletteMatch', () => {
  const echo = ['Launch Echo payload', 'Local Control Room', 'run', 'start']
  const payroll = ['Launch Payroll export', 'Acme cloud', 'run', 'start']

  it('finds an entry by the start of its words, in any order, and by a keyword', () => {
    expect(paletteMatch('echo', echo)).toBeGreaterThan(0)
    expect(paletteMatch('pay ech', echo)).toBeGreaterThan(0)
    expect(paletteMatch('acme', payroll)).toBeGreaterThan(0)
    expect(paletteMatch('', echo)).toBe(1)
  })

  it('does not pick scattered letters out of an entry', () => {
    // p…a…y…r…o…l…l is a subsequence of "Launch Echo payload Local Control Room".
    expect(paletteMatch('payroll', echo)).toBe(0)
    expect(paletteMatch('payroll', payroll)).toBeGreaterThan(0)
    expect(paletteMatch('xyz', echo)).toBe(0)
  })

  it('ranks a label that starts with the search, then a match in the label, then one by keyword only', () => {
    const starts = paletteMatch('launch echo', echo)
    const inLabel = paletteMatch('echo', echo)
    const byKeyword = paletteMatch('local', echo)
    expect(starts).toBeGreaterThan(inLabel)
    expect(inLabel).toBeGreaterThan(byKeyword)
    expect(byKeyword).toBeGreaterThan(0)
  })

  it('matches inside a word from three letters on (a run id, a middle part)', () => {
    expect(paletteMatch('load', echo)).toBeGreaterThan(0)
    expect(paletteMatch('lo', ['Launch Echo payload'])).toBe(0)
  })
})
