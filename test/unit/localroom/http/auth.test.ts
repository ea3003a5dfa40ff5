import { describe, expect, it } from 'vitest'
import { readWorkspaceKey } from '../../../../src/localroom/http/auth'

describe('Authorization header', () => {
  it('accepts only the RC-WSKEY scheme', () => {
    expect(readWorkspaceKey('RC-WSKEY abc_-1')).toBe('abc_-1')
    expect(readWorkspaceKey('rc-wskey  abc ')).toBe('abc')
    expect(readWorkspaceKey(undefined)).toBeNull()
    expect(readWorkspaceKey('Bearer abc')).toBeNull()
    expect(readWorkspaceKey('RC-WSKEY')).toBeNull()
    expect(readWorkspaceKey('RC-WSKEY a b')).toBeNull()
  })
})
