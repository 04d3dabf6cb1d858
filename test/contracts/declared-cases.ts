import { expect, it } from 'vitest'

/**
 * A case of a port's contract that an adapter cannot meet, and why, as Hono's router suite
 * declares `skip: [{ reason, tests }]`. It is never skipped: the case runs and must fail on that
 * adapter with the failure `fails` names (a refusal's line, or the assertion that does not hold),
 * so a declaration that stops being true fails the suite until it is removed.
 */
export interface Unsupported {
  case: string
  reason: string
  fails: RegExp
}

/**
 * Registers a contract's cases for one adapter: each case as a test, or, when the adapter
 * declares it unsupported, as a test that the case fails there as declared, its title saying
 * why. `done()` adds a last test that every declaration names a case of the suite.
 *
 * @example
 * const cases = contractCases([{ case: 'writes', reason: 'the cache only reads', fails: /never writes/ }])
 * cases.it('writes', async () => { ... })
 * cases.done()
 */
export function contractCases(unsupported: readonly Unsupported[] = []) {
  const names = new Set<string>()
  return {
    it(name: string, body: () => Promise<void>): void {
      names.add(name)
      const declared = unsupported.find((u) => u.case === name)
      if (!declared) {
        it(name, body)
        return
      }
      it(`${name} (unsupported here: ${declared.reason})`, async () => {
        const failure = await body().then(
          () => undefined,
          (error: unknown) => error,
        )
        expect(failure, 'declared unsupported, yet the case holds: remove the declaration').toBeDefined()
        expect(String((failure as Error).message ?? failure)).toMatch(declared.fails)
      })
    },
    done(): void {
      it('declares as unsupported only cases the contract has', () => {
        for (const u of unsupported) expect([...names], `declared unsupported: "${u.case}"`).toContain(u.case)
      })
    },
  }
}
