/**
 * A five-field Unix cron (`minute hour day-of-month month day-of-week`, as the tunelake config
 * and the daemon use) as the six-field expression EventBridge Scheduler wants:
 * `cron(minute hour day-of-month month day-of-week year)`, where one of the two day fields must
 * be `?` and days of the week count from 1 (Sunday) instead of 0.
 *
 * @example
 * toSchedulerCron('0 6 * * *')   // 'cron(0 6 * * ? *)'
 * toSchedulerCron('30 5 * * 1-5') // 'cron(30 5 ? * 2-6 *)'
 */
export function toSchedulerCron(unixCron: string): string {
  const fields = unixCron.trim().split(/\s+/)
  if (fields.length !== 5) {
    throw new Error(
      `schedule "${unixCron}" is not a five-field cron (minute hour day-of-month month day-of-week), e.g. "0 6 * * *"`,
    )
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string]
  for (const [name, value] of [
    ['minute', minute],
    ['hour', hour],
    ['month', month],
  ] as const) {
    if (!/^[\d*,/-]+$/.test(value))
      throw new Error(`schedule "${unixCron}": the ${name} field "${value}" is not valid cron`)
  }
  if (dayOfWeek === '*' || dayOfWeek === '?') return `cron(${minute} ${hour} ${dayOfMonth} ${month} ? *)`
  if (dayOfMonth !== '*' && dayOfMonth !== '?') {
    throw new Error(
      `schedule "${unixCron}" sets both day-of-month and day-of-week; EventBridge Scheduler allows only one, set the other to *`,
    )
  }
  return `cron(${minute} ${hour} ? ${month} ${schedulerWeekdays(dayOfWeek, unixCron)} *)`
}

function schedulerWeekdays(field: string, unixCron: string): string {
  // Days follow the start, a comma or a dash; numbers after a slash are steps and stay.
  const converted = field.replace(/(^|[,-])(\d+)/g, (_match, before: string, digits: string) => {
    const day = Number(digits)
    if (day > 7) throw new Error(`schedule "${unixCron}": day of week ${day} is not 0-7`)
    return `${before}${(day % 7) + 1}`
  })
  for (const range of converted.matchAll(/(\d+)-(\d+)/g)) {
    if (Number(range[1]) > Number(range[2])) {
      throw new Error(
        `schedule "${unixCron}": the day-of-week range ${field} wraps past Sunday; list the days instead`,
      )
    }
  }
  return converted
}
