import { GetPartitionCommand, type GlueClient, StartCrawlerCommand } from '@aws-sdk/client-glue'

/** The slice of the Glue client the crawler control needs. */
export type GlueSend = Pick<GlueClient, 'send'>

/**
 * The deployed Glue crawler, seen from the transform function: whether a table already has a
 * snapshot's partition (then nothing needs crawling), and starting a crawl when it does not.
 *
 * @example
 * const crawler = new GlueCrawler(new GlueClient({}), 'tunelake-crawler', 'tunelake')
 * if (!(await crawler.hasPartition('playlist_tracks', ['2026-03-01']))) await crawler.start()
 */
export class GlueCrawler {
  constructor(
    private readonly client: GlueSend,
    readonly name: string,
    readonly database: string,
  ) {}

  /** False when the partition (or its table, before the first crawl) does not exist. */
  async hasPartition(table: string, values: readonly string[]): Promise<boolean> {
    try {
      await this.client.send(
        new GetPartitionCommand({
          DatabaseName: this.database,
          TableName: table,
          PartitionValues: [...values],
        }),
      )
      return true
    } catch (error) {
      if ((error as { name?: string }).name === 'EntityNotFoundException') return false
      throw error
    }
  }

  /** Starts a crawl; `running` when one is under way already (it may have listed the folders before ours appeared). */
  async start(): Promise<'started' | 'running'> {
    try {
      await this.client.send(new StartCrawlerCommand({ Name: this.name }))
      return 'started'
    } catch (error) {
      if ((error as { name?: string }).name === 'CrawlerRunningException') return 'running'
      throw error
    }
  }
}
