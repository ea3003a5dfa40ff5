/** Electron's power and window events reach the watcher's signal hub (electron itself stands in as emitters). */
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { createSignalHub, type WatchSignal } from '../../../../src/main/core/watcher/watch-signals'
import { feedPowerSignals, feedWindowSignals } from '../../../../src/main/desktop/watch-signals'

function hub() {
  const signals = createSignalHub()
  const heard: WatchSignal[] = []
  signals.subscribe((signal) => heard.push(signal))
  return { signals, heard }
}

describe('watch signals from Electron', () => {
  it('passes suspend and resume on until stopped', () => {
    const { signals, heard } = hub()
    const power = new EventEmitter()
    const stop = feedPowerSignals(signals, power as never)
    power.emit('suspend')
    power.emit('resume')
    power.emit('lock-screen')
    stop()
    power.emit('suspend')
    expect(heard).toEqual(['suspend', 'resume'])
  })

  it("passes the window's focus and blur on", () => {
    const { signals, heard } = hub()
    const window = new EventEmitter()
    feedWindowSignals(signals, window as never)
    window.emit('focus')
    window.emit('blur')
    expect(heard).toEqual(['focus', 'blur'])
  })
})
