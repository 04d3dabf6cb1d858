import { describe, expect, it } from 'vitest'
import { LakeObjectNotFoundError } from '../../src/lake/errors.js'
import { eventLakeKey } from '../../src/lake/lake-location.js'
import { compareSequencers, type ObjectCreatedRecord } from '../../src/lake/object-created.js'
import { listAll, type ObjectStore } from '../../src/lake/object-store.js'

/** The behaviour every ObjectStore adapter must have; run once per adapter. */
export function objectStoreContract(name: string, newStore: () => Promise<ObjectStore>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    it('puts, gets and heads an object with an MD5 eTag', async () => {
      const store = await newStore()
      const info = await store.put('raw/a.json', '{"a":1}')
      expect(info).toMatchObject({ key: 'raw/a.json', size: 7 })
      expect(info.etag).toMatch(/^[0-9a-f]{32}$/)
      expect(new TextDecoder().decode(await store.get('raw/a.json'))).toBe('{"a":1}')
      expect((await store.head('raw/a.json'))?.etag).toBe(info.etag)
      expect((await listAll(store, 'raw/')).map((o) => [o.key, o.size, o.etag])).toEqual([
        ['raw/a.json', 7, info.etag],
      ])
      expect(await store.head('raw/missing.json')).toBeUndefined()
      await expect(store.get('raw/missing.json')).rejects.toBeInstanceOf(LakeObjectNotFoundError)
    })

    it('overwrites an object whole', async () => {
      const store = await newStore()
      await store.put('t/x.bin', 'first version, longer')
      await store.put('t/x.bin', 'second')
      expect(new TextDecoder().decode(await store.get('t/x.bin'))).toBe('second')
    })

    it('lists by prefix in key order and deletes', async () => {
      const store = await newStore()
      for (const key of ['b/2.json', 'a/1.json', 'b/1.json', 'bb/3.json']) await store.put(key, key)
      expect((await listAll(store, 'b/')).map((o) => o.key)).toEqual(['b/1.json', 'b/2.json'])
      expect((await listAll(store, 'b')).map((o) => o.key)).toEqual(['b/1.json', 'b/2.json', 'bb/3.json'])
      await store.delete('b/1.json')
      expect((await listAll(store, 'b/')).map((o) => o.key)).toEqual(['b/2.json'])
      await expect(store.get('b/1.json')).rejects.toThrow(/no object b\/1.json/)
    })

    it('lists past one page: S3 answers at most 1,000 keys a request', async () => {
      const store = await newStore()
      const keys = Array.from({ length: 1_005 }, (_, i) => `raw/page/${String(i).padStart(4, '0')}.json`)
      for (let i = 0; i < keys.length; i += 50)
        await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, 'x')))
      expect((await listAll(store, 'raw/page/')).map((o) => o.key)).toEqual(keys)
    })

    it('round-trips keys with spaces, +, unicode and =', async () => {
      const store = await newStore()
      const key = 'transformed/genre=Rock & Roll/Sœur + Ōkami a=b.json'
      await store.put(key, 'x')
      expect((await listAll(store, 'transformed/')).map((o) => o.key)).toEqual([key])
      expect(new TextDecoder().decode(await store.get(key))).toBe('x')
    })

    it('refuses a key that would leave the lake', async () => {
      const store = await newStore()
      for (const key of ['../escape.json', 'a/../../escape.json', '/etc/passwd', 'a//b', './a', '']) {
        await expect(store.put(key, 'x'), key).rejects.toThrow(/invalid lake key/)
        await expect(store.get(key), key).rejects.toThrow(/invalid lake key/)
      }
    })

    it('lists nothing under a prefix that holds nothing', async () => {
      const store = await newStore()
      await store.put('raw/a.json', 'a')
      expect(await listAll(store, 'transformed/')).toEqual([])
      expect(await listAll(store, 'nothing-here')).toEqual([])
    })

    it('emits an S3-shaped object-created record per put, key URL-encoded', async () => {
      const store = await newStore()
      const records: ObjectCreatedRecord[] = []
      const off = store.onObjectCreated((r) => records.push(r))
      await store.put('raw/with space+plus.json', 'abc')
      await store.put('raw/second.json', 'abcd')
      off()
      await store.put('raw/unheard.json', 'x')
      expect(records).toHaveLength(2)
      const [first, second] = records
      expect(first).toMatchObject({
        eventVersion: '2.1',
        eventName: 'ObjectCreated:Put',
        s3: { object: { size: 3, eTag: (await store.head('raw/with space+plus.json'))?.etag } },
      })
      expect(first!.s3.object.key).toMatch(/(^|\/)raw\/with\+space%2Bplus\.json$/)
      expect(eventLakeKey(store.location, first!)).toBe('raw/with space+plus.json')
      expect(eventLakeKey(store.location, second!)).toBe('raw/second.json')
      expect(compareSequencers(second!.s3.object.sequencer, first!.s3.object.sequencer)).toBe(1)
    })
  })
}
