import { parentPort } from 'node:worker_threads'
import { readRawObject } from './transform-read.js'

/** A worker of `RawReadPool`: reads raw objects (transferred bytes) into contents. */
export interface ReadRequest {
  id: number
  bytes: Uint8Array
  folderDate: string
}

parentPort?.on('message', (request: ReadRequest) => {
  parentPort!.postMessage({ id: request.id, result: readRawObject(request.bytes, request.folderDate) })
})
