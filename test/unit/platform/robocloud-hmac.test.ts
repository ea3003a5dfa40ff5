/** The robocloud-hmac signature against rcc's own test vectors (operations/authorize_test.go), and the secret box. */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { seal, unseal } from '../../../src/localroom/credentials/secret-box'
import {
  bodyDigest,
  hmacSignature,
  parseCredential,
  signedHeaders,
  stringToSign,
} from '../../../src/platform/robocloud-hmac'
import { Bootstrap } from '../../../src/shared/local-room-bootstrap'

// rcc: fmt.Sprintf(WorkspaceApi, "") and fmt.Sprintf(WorkspaceApi, "2020"), both POST.
const EMPTY_WS = '/token-vendor-v1/workspaces//tokenrequest'
const WS_2020 = '/token-vendor-v1/workspaces/2020/tokenrequest'
const BRACES = 'RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o='

describe('robocloud-hmac', () => {
  it('digests bodies as rcc does', () => {
    expect(bodyDigest('')).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=')
    expect(bodyDigest('{}')).toBe(BRACES)
    expect(bodyDigest(Buffer.from('{}'))).toBe(BRACES)
  })

  it("matches rcc's signature vectors", () => {
    expect(hmacSignature('', 'POST', EMPTY_WS, '', '')).toBe('nwTWU9By+5rAI4yWnltg71QNu7rrv+2o6TMnEZ1XarI=')
    expect(hmacSignature('', 'POST', EMPTY_WS, '', BRACES)).toBe(
      '9CsmhKGbEK2fmIQoHzPJxUwwBrumprAAZUUVzQ3nPN0=',
    )
    expect(hmacSignature('', 'POST', EMPTY_WS, '1590471922', BRACES)).toBe(
      'pEVK8rYfOZGflXQpQb08T5fFnT95fXVrhpLignEd3Mc=',
    )
    expect(hmacSignature('hello', 'POST', EMPTY_WS, '1590471922', BRACES)).toBe(
      'FOuljSztpLu7mvJUUDCSQiCUhTaJtMPvlaotsMlSAx4=',
    )
    expect(hmacSignature('hello', 'POST', WS_2020, '1590471922', BRACES)).toBe(
      'sTCPARcFoXTZm65kmLeWAgnhAIeYYhMQURhaqLf27vw=',
    )
  })

  it('signs the method, path, content type, timestamp and body digest, one per line', () => {
    expect(stringToSign('get', '/x?a=1', '12', 'D')).toBe('GET\n/x?a=1\napplication/json\n12\nD')
  })

  it('parses credential strings (with rcc optional endpoint) and refuses others', () => {
    const secret = 'a'.repeat(96)
    expect(parseCredential(`12:${secret}`)).toEqual({ id: '12', secret })
    expect(parseCredential(`12:${secret}:https://api.eu1.robocorp.com`)).toEqual({ id: '12', secret })
    for (const bad of [`x:${secret}`, `12:${'A'.repeat(96)}`, `12:${'a'.repeat(95)}`, '', secret]) {
      expect(parseCredential(bad)).toBeNull()
    }
    expect(() => signedHeaders('nope', 'GET', '/', '')).toThrow(/not a user access credential/)
  })

  it('builds the three headers rcc sends', () => {
    const secret = 'b'.repeat(96)
    const headers = signedHeaders(`7:${secret}`, 'GET', '/token-vendor-v1/user/details', '', 1590471922)
    expect(headers).toEqual({
      authorization: `robocloud-hmac 7 ${hmacSignature(secret, 'GET', '/token-vendor-v1/user/details', '1590471922', bodyDigest(''))}`,
      'authorization-timestamp': '1590471922',
      'content-type': 'application/json',
    })
  })

  it('keeps older bootstrap lines valid and checks the new optional credential', () => {
    const line = { url: 'http://127.0.0.1:1/api/v1', workspace_id: 'w', api_key: 'k' }
    expect(Bootstrap.safeParse(line).success).toBe(true)
    expect(Bootstrap.safeParse({ ...line, user_credential: `3:${'c'.repeat(96)}` }).success).toBe(true)
    expect(Bootstrap.safeParse({ ...line, user_credential: 'secret' }).success).toBe(false)
  })
})

describe('secret box', () => {
  const key = randomBytes(32)

  it('opens what it sealed, for the same row only', () => {
    const sealed = seal(key, 'the value', 'row-1')
    expect(sealed).not.toContain('the value')
    expect(unseal(key, sealed, 'row-1')).toBe('the value')
    expect(unseal(key, sealed, 'row-2')).toBeNull()
    expect(unseal(randomBytes(32), sealed, 'row-1')).toBeNull()
  })

  it('refuses tampered or damaged input without throwing', () => {
    const sealed = seal(key, 'the value', 'row-1')
    const parts = sealed.split('.')
    const flipped = Buffer.from(parts[3] as string, 'base64url')
    flipped[0] = (flipped[0] as number) ^ 1
    expect(unseal(key, [...parts.slice(0, 3), flipped.toString('base64url')].join('.'), 'row-1')).toBeNull()
    for (const bad of ['', 'v1', 'v2.a.b.c', 'v1.a.b.c.d', `${sealed}.x`])
      expect(unseal(key, bad, 'row-1')).toBeNull()
    expect(seal(key, 'same', 'r')).not.toBe(seal(key, 'same', 'r'))
  })
})
