import type { Random } from './prng.js'

/** Splits a `|`-separated word list. */
function list(text: string): readonly string[] {
  return text.split('|')
}

/** Word lists for clearly synthetic but pleasant names. */
const ADJECTIVES = list(
  'Velvet|Paper|Golden|Silver|Quiet|Neon|Hollow|Electric|Wild|Pale|Crimson|Midnight|Lucky|' +
    'Slow|Bright|Distant|Sleepy|Northern|Tender|Faded|Cosmic|Amber|Gentle|Broken|Secret|' +
    'Restless|Blue|Coral|Lunar|Honey',
)
const NOUNS = list(
  'Harbor|Moon|Garden|Echo|River|Signal|Lantern|Orchard|Tide|Meadow|Mirror|Comet|Summer|Atlas|' +
    'Canyon|Fever|Parade|Window|Harvest|Static|Horizon|Velocity|Cathedral|Satellite|Island|' +
    'Motel|Ocean|Forest|Arcade|Weather',
)
const PLURALS = list(
  'Paper Moons|Night Owls|Glass Animals|Lost Kites|Saturdays|Wild Hearts|Lanterns|Blue Herons|' +
    'Velvet Foxes|Starlings|Echoes|Palms|Sundays|Polaroids|Cartographers',
)
const FIRST_NAMES = list(
  'Amara|Jonas|Yuki|Mateo|Inès|Priya|Leon|Sofia|Kwame|Mina|Elias|Ayla|Rafael|Noor|Freja|Tomás|' +
    'Hana|Oskar|Zainab|Luca|Chloé|Dae-jung',
)
const LAST_NAMES = list(
  'Okafor|Lindqvist|Tanabe|Ríos|Moreau|Shah|Becker|Costa|Mensah|Park|Novak|Yilmaz|Herrera|' +
    'Haddad|Nielsen|Ferreira|Sato|Berg|Adeyemi|Rossi',
)
const SPECIAL_ARTISTS = list(
  'Velvet Harbor|The Paper Moons|Lumière Drive|Sœur Aurore|Nørde Tåge|Café Ōkami|' +
    'Zoë & the Quiet Hours|Bjørn Ålund|Ciel Étoilé|Señor Niebla|Łukasz Wren|Dünya Işık|' +
    '서울 Sunset|東京 Drift|Moon 🌙 Club|Ana Lúcia|Kōhī Tapes|Mañana Collective',
)
const TITLE_WORDS = list(
  'Gravity|Lights|Polaroid|Heatwave|Wildflower|Overdrive|Paradise|Daydream|Afterglow|' +
    'Shoreline|Runaway|Fireworks|Satellites|Honeymoon|Blueprint|Undertow|Glasshouse|Sunburn|' +
    'Slow Motion|Kaleidoscope|Postcards|Marigold|Voltage|Lullaby',
)
const PLACES = list(
  'Lisbon|Tokyo|Lagos|Seoul|Berlin|Marseille|Oslo|Havana|Montréal|Reykjavík|the Coast|' +
    'the City|the Rain|the Dark|the Backseat|São Paulo',
)
const VERBS = list('Dancing|Falling|Chasing|Waiting|Drifting|Running|Burning|Floating|Calling')
const SUFFIXES = list(' (Acoustic)| - Radio Edit| (Live)| - Remastered 2011| (Night Version)| - Extended Mix')

/** ~25 genres used for artists. */
export const GENRES = list(
  'indie pop|synthwave|dream pop|afrobeats|k-pop|techno|house|lo-fi beats|neo soul|alt rock|' +
    'indie folk|hip hop|trap|drum and bass|ambient|jazz fusion|bossa nova|reggaeton|latin pop|' +
    'shoegaze|post-punk|city pop|chillwave|deep house|singer-songwriter|bedroom pop',
)

/** Record labels. */
export const LABELS = list(
  'Harbor Lights Records|Paper Moon Music|Nordlys Recordings|Kite & Key|Sunset Arcade|' +
    'Moss Label|Blue Hour Records|Neon Orchard|Quiet Tide|Lantern Audio|Ōkami Sound|Independent|' +
    'Static Bloom|Fjord & Fable',
)

/** ISRC country codes (QZ and QM are real "virtual" registrant prefixes). */
export const ISRC_COUNTRIES = ['US', 'GB', 'SE', 'DE', 'FR', 'JP', 'KR', 'NG', 'BR', 'QZ', 'QM', 'NL']

/** A fresh artist name (never a repeat of `used`). The first picks are the hand-written ones. */
export function artistName(rng: Random, used: Set<string>): string {
  for (const name of SPECIAL_ARTISTS) {
    if (!used.has(name)) return remember(name, used)
  }
  for (;;) {
    const roll = rng.next()
    let name: string
    if (roll < 0.25) name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`
    else if (roll < 0.4) name = `The ${rng.pick(ADJECTIVES)} ${rng.pick(PLURALS)}`
    else if (roll < 0.7) name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`
    else if (roll < 0.8) name = `${rng.pick(FIRST_NAMES)} & the ${rng.pick(PLURALS)}`
    else if (roll < 0.9) name = `DJ ${rng.pick(NOUNS)}`
    else name = `${rng.pick(NOUNS)} ${rng.pick(NOUNS)}`
    if (!used.has(name)) return remember(name, used)
  }
}

function remember(name: string, used: Set<string>): string {
  used.add(name)
  return name
}

/** An album or single title. */
export function albumTitle(rng: Random): string {
  const roll = rng.next()
  if (roll < 0.3) return rng.pick(TITLE_WORDS)
  if (roll < 0.55) return `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`
  if (roll < 0.75) return `Songs from ${rng.pick(PLACES)}`
  const first = rng.pick(NOUNS)
  const second = rng.pick(NOUNS.filter((noun) => noun !== first))
  return `${first} & ${second}`
}

/** A track title; older or remixed versions sometimes get a Spotify-style suffix. */
export function trackTitle(rng: Random): string {
  const roll = rng.next()
  let title: string
  if (roll < 0.3) title = rng.pick(TITLE_WORDS)
  else if (roll < 0.55) title = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`
  else if (roll < 0.7) title = `${rng.pick(VERBS)} in ${rng.pick(PLACES)}`
  else if (roll < 0.85) title = `${rng.pick(NOUNS)} of ${rng.pick(TITLE_WORDS)}`
  else title = `${rng.pick(VERBS)} ${rng.pick(['Home', 'Again', 'Slowly', 'Alone', 'Tonight', 'Away'])}`
  return rng.chance(0.06) ? title + rng.pick(SUFFIXES) : title
}

/** The 174 markets of a typical worldwide release. */
export const MARKETS: readonly string[] = (
  'AD AE AG AL AM AO AR AU AZ BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CG CI CL CM CO CR ' +
  'CV CW CY CZ DJ DK DM DO DZ EC EE EG ES ET FI FJ FM FR GA GB GD GE GH GM GN GQ GR GT GW GY HK HN HT HU ' +
  'ID IE IL IN IQ IS IT JM JO JP KE KG KH KI KM KN KR KW KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD MG ' +
  'MH ML MN MO MR MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA PE PG PH PK PL PS PT PW PY QA RO ' +
  'RW SA SB SC SE SG SK SL SM SN SR ST SV SZ TD TG TH TJ TL TN TO TR TT TV TW TZ UA UG US UY UZ VC VE VN ' +
  'VU WS ZA ZM ZW'
).split(' ')

/** A smaller market set (regional releases), still sorted. */
export const REGIONAL_MARKETS: readonly string[] = MARKETS.filter((code) =>
  [
    'AT',
    'BE',
    'CH',
    'DE',
    'DK',
    'ES',
    'FI',
    'FR',
    'GB',
    'IE',
    'IT',
    'NL',
    'NO',
    'PT',
    'SE',
    'US',
    'CA',
  ].includes(code),
)
