import type { RunRequest } from '../pipeline/run-pipeline.js'
import type { TunelakeConfig } from './config.js'
import { enrichOptionsOf } from './enrich-settings.js'

/**
 * What a full run extracts, from a config: its playlists, its other sources, its settings; and
 * how it enriches (the config's `enrich`, the ListenBrainz token of `env`).
 */
export function extractionOf(
  config: TunelakeConfig,
  env: NodeJS.ProcessEnv = process.env,
): Pick<RunRequest, 'playlistIds' | 'sources' | 'settings' | 'apiMode' | 'enrich'> {
  const playlistIds: string[] = []
  const sources: NonNullable<RunRequest['sources']>[number][] = []
  for (const source of config.sources) {
    if (source.type === 'playlist') playlistIds.push(source.id)
    else sources.push(source)
  }
  return {
    playlistIds,
    sources,
    settings: extractSettingsOf(config),
    apiMode: config.api_mode,
    enrich: enrichOptionsOf(config, env),
  }
}

/** The extraction's settings from a config's `spotify` section. */
export function extractSettingsOf(config: TunelakeConfig): NonNullable<RunRequest['settings']> {
  return {
    cacheDays: config.spotify.cache_days,
    dailyRequestBudget: config.spotify.daily_request_budget,
  }
}
