import { describe, expect, it } from 'vitest'
import {
  TOKEN_STORAGE_KEY,
  type TokenEnvironment,
  takeWebToken,
} from '../../../src/renderer/src/bridge/web-token'

function environment(hash: string, stored?: string) {
  const storage = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : [])
  const replaced: string[] = []
  const env: TokenEnvironment = {
    location: { hash, pathname: '/', search: '?x=1' },
    history: { state: null, replaceState: (_state, _unused, url) => replaced.push(url) },
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => storage.set(key, value) },
  }
  return { env, storage, replaced }
}

describe('renderer web token', () => {
  it('takes the token from the fragment, removes it from the address bar and keeps it for reloads', () => {
    const { env, storage, replaced } = environment('#token=abc-123')
    expect(takeWebToken(env)).toBe('abc-123')
    expect(replaced).toEqual(['/?x=1'])
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('abc-123')
  })

  it('keeps other fragment parameters', () => {
    const { env, replaced } = environment('#token=abc&view=runs')
    expect(takeWebToken(env)).toBe('abc')
    expect(replaced).toEqual(['/?x=1#view=runs'])
  })

  it('falls back to the tab session after a reload, and to nothing at all', () => {
    const reload = environment('', 'kept')
    expect(takeWebToken(reload.env)).toBe('kept')
    expect(reload.replaced).toEqual([])
    expect(takeWebToken(environment('').env)).toBeUndefined()
    expect(takeWebToken({ ...environment('#token=').env, storage: undefined })).toBeUndefined()
  })

  it('still works when storage throws', () => {
    const { env } = environment('#token=t')
    const broken: TokenEnvironment = {
      ...env,
      storage: {
        getItem: () => {
          throw new Error('denied')
        },
        setItem: () => {
          throw new Error('denied')
        },
      },
    }
    expect(takeWebToken(broken)).toBe('t')
    expect(takeWebToken({ ...broken, location: { ...env.location, hash: '' } })).toBeUndefined()
  })
})
