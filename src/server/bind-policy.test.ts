import { describe, expect, it } from 'vitest'
import { assertBindAllowed, isLoopbackHost } from './bind-policy.js'
import { ServerBindRefusedError } from './errors.js'
import { hostName } from './request-guard.js'

describe('where the dashboard may listen', () => {
  it('tells loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]', 'LOCALHOST']) {
      expect(isLoopbackHost(host), host).toBe(true)
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'example.com', '127.0.0.1.nip.io', '']) {
      expect(isLoopbackHost(host), host).toBe(false)
    }
  })

  it('binds loopback without a token, anything else only with a long one', () => {
    expect(() => assertBindAllowed('127.0.0.1', undefined)).not.toThrow()
    expect(() => assertBindAllowed('0.0.0.0', undefined)).toThrow(ServerBindRefusedError)
    expect(() => assertBindAllowed('0.0.0.0', undefined)).toThrow(/TUNELAKE_DASHBOARD_TOKEN/)
    expect(() => assertBindAllowed('0.0.0.0', 'short')).toThrow(/shorter than 16 characters/)
    expect(() => assertBindAllowed('127.0.0.1', 'short')).toThrow(/shorter than 16 characters/)
    expect(() => assertBindAllowed('0.0.0.0', 'a-long-random-secret-123')).not.toThrow()
  })

  it('reads the host name of a Host header', () => {
    expect(hostName('127.0.0.1:8787')).toBe('127.0.0.1')
    expect(hostName('[::1]:8787')).toBe('::1')
    expect(hostName('localhost')).toBe('localhost')
    expect(hostName('evil.example:80')).toBe('evil.example')
  })
})
