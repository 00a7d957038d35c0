export const id = 460;
export const ids = [460];
export const modules = {

/***/ 3460:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CHECK_BUDGET_MS: () => (/* binding */ CHECK_BUDGET_MS),
  EARLY_BUDGET_MS: () => (/* binding */ EARLY_BUDGET_MS),
  checkSchedule: () => (/* binding */ checkSchedule)
});

// EXTERNAL MODULE: ./src/core/expiry.ts
var expiry = __webpack_require__(2012);
;// CONCATENATED MODULE: ./src/schedule/cron.ts
/**
 * A cron expression as GitHub documents it (POSIX five fields; names; `*`, `,`, `-` and `/`,
 * including a start with a step such as `20/15`), parsed into the sets of values it matches.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule
 *
 * Where GitHub is silent the classic (Vixie) cron rules apply, as POSIX describes them:
 * - day-of-month and day-of-week both restricted (neither starts with `*`): a day matching either
 *   runs; otherwise both must match. A day field that starts with `*` and has more (a star with a step) is read
 *   as Vixie cron reads it, as a star: fewer days run than by POSIX's reading, so the gap is the
 *   worse of the two (`ambiguousDays` says when the readings differ);
 * - a step larger than the range is taken (a star with step 60 is minute 0, `10/15` in months is
 *   October), and a weekday range that ends in the name SUN ends at 7 (`SAT-SUN`);
 * - in the hour repeated when clocks go back, a cron whose minute or hour starts with `*` runs in
 *   both passes, a fixed time only in the first.
 */
/** Why a cron was refused: a sentence that quotes at most a short piece of it. */
class CronError extends Error {
}
const MONTH_NAMES = [
    'JAN',
    'FEB',
    'MAR',
    'APR',
    'MAY',
    'JUN',
    'JUL',
    'AUG',
    'SEP',
    'OCT',
    'NOV',
    'DEC'
];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS = [
    { name: 'minute', min: 0, max: 59 },
    { name: 'hour', min: 0, max: 23 },
    { name: 'day of month', min: 1, max: 31 },
    { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
    // 7 is Sunday too, as in GitHub's and most crons' reading.
    { name: 'day of week', min: 0, max: 7, names: DAY_NAMES }
];
/** Crons and zones are quoted at most this long in messages, with their length said. */
const QUOTE_LIMIT = 100;
/** `'text'`, or its start and its length when it is long: a message never echoes a whole file. */
function quoteShort(text) {
    const chars = Array.from(text);
    return chars.length <= QUOTE_LIMIT
        ? `'${text}'`
        : `'${chars.slice(0, QUOTE_LIMIT).join('')}…' (${chars.length} characters)`;
}
function parseCron(text) {
    const fields = text.match(/\S+/g) ?? [];
    if (fields.length === 0)
        throw new CronError('it is empty');
    if (fields.length !== 5)
        throw new CronError(`it has ${fields.length} field${fields.length === 1 ? '' : 's'}; GitHub takes 5 (minute hour day month weekday)`);
    const minutes = parseField(fields[0], FIELDS[0]);
    const hours = parseField(fields[1], FIELDS[1]);
    const days = parseField(fields[2], FIELDS[2]);
    const months = parseField(fields[3], FIELDS[3]);
    const weekdays = parseField(fields[4], FIELDS[4]);
    if (weekdays[7])
        weekdays[0] = true;
    const daysRestricted = !fields[2].startsWith('*');
    const weekdaysRestricted = !fields[4].startsWith('*');
    const minuteValues = valuesIn(minutes);
    const spec = {
        minutesOfDay: valuesIn(hours).flatMap(hour => minuteValues.map(minute => hour * 60 + minute)),
        daysOfMonth: days,
        months,
        weekdays: weekdays.slice(0, 7),
        dayFields: `${fields[2]} ${fields[3]} ${fields[4]}`,
        dayOrWeekday: daysRestricted && weekdaysRestricted,
        daysRestricted,
        weekdaysRestricted,
        wildcardTime: fields[0].startsWith('*') || fields[1].startsWith('*'),
        // POSIX reads a day field as restricted unless it is `*` itself, Vixie cron unless it starts
        // with `*`: they differ when neither is `*` and one is a star with a step.
        ambiguousDays: fields[2] !== '*' && fields[4] !== '*' && !(daysRestricted && weekdaysRestricted)
    };
    if (!canEverRun(spec))
        throw new CronError('it never runs (no such date)');
    return spec;
}
function parseField(field, rule) {
    // Stryker disable next-line ArithmeticOperator: equivalent, an array grows where it is written
    const set = new Array(rule.max + 1).fill(false);
    const parts = field.split(',');
    for (let p = 0; p < parts.length; p++) {
        const part = parts[p];
        const match = /^(\*|([0-9]+|[A-Za-z]{3})(?:-([0-9]+|[A-Za-z]{3}))?)(?:\/([0-9]+))?$/.exec(part);
        if (!match)
            throw new CronError(`${quoteShort(part)} is not POSIX cron (numbers, names, *, -, / and , only)`);
        const first = match[2];
        const last = match[3];
        const stepText = match[4];
        const step = stepText === undefined ? 1 : Number(stepText);
        // Only a written step can be 0. A step past the range is classic cron's too: the start alone.
        if (step < 1)
            throw new CronError(`step ${quoteShort(stepText)} of the ${rule.name} is out of range`);
        let from = rule.min;
        let to = rule.max;
        if (first !== undefined) {
            from = cron_valueOf(first, rule);
            // `20/15` starts at 20 and runs to the end of the range (GitHub's own example).
            to = last !== undefined ? cron_valueOf(last, rule) : stepText !== undefined ? rule.max : from;
            // `SAT-SUN`: a weekday range that would run backwards to the name SUN ends at 7.
            // Only a weekday name is 0 (months start at 1, and a minute or hour has no names).
            if (to < from && to === 0 && /[a-z]/i.test(last))
                to = 7;
        }
        if (from > to)
            throw new CronError(`the ${rule.name} range ${quoteShort(part)} runs backwards`);
        for (let value = from; value <= to; value += step)
            set[value] = true;
    }
    return set;
}
function cron_valueOf(text, rule) {
    const named = rule.names?.indexOf(text.toUpperCase()) ?? -1;
    // A name, or else digits (the pattern allows no other text): NaN for an unknown name.
    const value = named >= 0 ? rule.min + named : Number(text);
    if (!Number.isSafeInteger(value) || value < rule.min || value > rule.max)
        throw new CronError(`${quoteShort(text)} is not a valid ${rule.name} (${rule.min}-${rule.max}${rule.names ? ' or a name' : ''})`);
    return value;
}
/** The values a field's set holds, in order: indexOf steps from one to the next natively. */
function valuesIn(set) {
    const values = [];
    for (let value = set.indexOf(true); value !== -1; value = set.indexOf(true, value + 1))
        values.push(value);
    return values;
}
const LONGEST_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/**
 * False only when the days of the month named exist in none of the months named (`31 2`); every
 * field holds at least one value, so there is always a time of day.
 */
function canEverRun(spec) {
    if (!spec.daysRestricted || spec.weekdaysRestricted)
        return true;
    for (let month = 1; month <= 12; month++)
        for (let day = 1; day <= LONGEST_MONTH[month]; day++)
            if (spec.months[month] && spec.daysOfMonth[day])
                return true;
    return false;
}
/** The same cron read as POSIX reads a stepped star beside a restricted day: either day runs. */
function posixReading(spec) {
    return { ...spec, dayOrWeekday: true };
}
/** Whether the cron runs on this calendar date (weekday 0 = Sunday). */
function runsOnDate(spec, { month, day, weekday }) {
    if (!spec.months[month])
        return false;
    const byDay = spec.daysOfMonth[day];
    const byWeekday = spec.weekdays[weekday];
    return spec.dayOrWeekday ? byDay || byWeekday : byDay && byWeekday;
}

;// CONCATENATED MODULE: ./src/schedule/zone.ts
/**
 * Wall-clock time in an IANA zone, for cron: which UTC instants a local date and time stand for,
 * across DST changes. Offsets come from Intl (the ICU data Node ships); a zone is read once into
 * the offset changes of the window asked for, so the per-run work is arithmetic.
 */

const MINUTE_MS = 60_000;
/**
 * Offset changes are searched for at this step, then narrowed down to the minute. In the tz data
 * Node ships, no zone changes its offset twice within 35 days (Casablanca's Ramadan changes come
 * closest; the full reference test checks every zone for three years): two weeks is well inside
 * that, and costs 30 look-ups a zone for the horizon.
 */
const SCAN_STEP_MS = 14 * expiry/* DAY_MS */.sO;
/** Marks a day on which the offset changes: no offset is a day long. */
const OFFSET_CHANGES = 24 * 60;
/** Formatters made, by zone: making one costs about 0.1 ms, as much as 100 offset look-ups. */
const formatters = new Map();
/** The zone's formatter of offsets ("GMT+05:30"); throws for a name that is no IANA zone. */
function formatterFor(zone) {
    let format = formatters.get(zone);
    // Stryker disable next-line ConditionalExpression: equivalent, a cache (the same formatter again)
    if (!format)
        formatters.set(zone, (format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
    return format;
}
function isTimeZone(zone) {
    try {
        formatterFor(zone);
        return true;
    }
    catch {
        return false;
    }
}
class ZoneClock {
    zone;
    fromMs;
    toMs;
    segments;
    /** Reads the zone's offsets between `fromMs` and `toMs` (UTC). */
    constructor(zone, fromMs, toMs) {
        this.zone = zone;
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.segments = zone ? readSegments(zone, fromMs, toMs) : [{ from: -Infinity, offset: 0 }];
    }
    /** The zone's clock between `fromMs` and `toMs`: this one when it was read that far. */
    over(fromMs, toMs) {
        return fromMs >= this.fromMs && toMs <= this.toMs
            ? this
            : new ZoneClock(this.zone, fromMs, toMs);
    }
    /** Offset (ms, local minus UTC) at a UTC instant. */
    offsetAt(utcMs) {
        return this.segmentAt(utcMs).offset;
    }
    /**
     * A local date-time (as if it were UTC: `Date.UTC(y, m, d, h, min)`) to the instants it
     * names. A skipped time advances to the next valid time, the moment the clocks jump, as
     * GitHub documents for spring-forward transitions.
     */
    toUtc(local) {
        const hits = [];
        for (let i = 0; i < this.segments.length; i++) {
            const { from, offset } = this.segments[i];
            const until = this.segments[i + 1]?.from ?? Infinity;
            const at = local - offset;
            if (at >= from && at < until)
                hits.push(at);
        }
        if (hits.length === 1)
            return { kind: 'once', at: hits[0] };
        if (hits.length >= 2)
            return { kind: 'twice', first: hits[0], second: hits[hits.length - 1] };
        // In a gap: the first segment whose local start lies after this time.
        // Stryker disable next-line EqualityOperator: equivalent, a segment starting at `local` is a hit
        const next = this.segments.find(({ from, offset }) => from + offset > local);
        return { kind: 'skipped', next: next ? next.from : Infinity };
    }
    /** True when no offset changes within [fromMs, toMs): every local time there is simple. */
    steadyBetween(fromMs, toMs) {
        return this.segmentAt(fromMs) === this.segmentAt(toMs);
    }
    /**
     * For each of `count` local days from `firstDay` (days since 1970-01-01), in minutes: the offset
     * when it holds from `marginMs` before the day's midnight (written as if it were UTC) to
     * `marginMs` after its end, OFFSET_CHANGES when it changes in that stretch.
     */
    steadyOffsetMinutes(firstDay, count, marginMs) {
        const offsets = new Int32Array(count);
        const segments = this.segments;
        // The first day (0..count) whose stretch starts at or after `utcMs`.
        const firstStartingAt = (utcMs) => Math.min(count, Math.max(0, Math.ceil((utcMs + marginMs) / expiry/* DAY_MS */.sO) - firstDay));
        // Each segment's offset from the first day whose stretch starts in it (a later one writes over)...
        for (const { from, offset } of segments)
            offsets.fill(offset / MINUTE_MS, firstStartingAt(from));
        // ...but a day whose stretch holds a change has none.
        for (let i = 1; i < segments.length; i++) {
            const change = segments[i].from;
            offsets.fill(OFFSET_CHANGES, firstStartingAt(change - expiry/* DAY_MS */.sO - 2 * marginMs), firstStartingAt(change));
        }
        return offsets;
    }
    segmentAt(utcMs) {
        let found = this.segments[0];
        for (const segment of this.segments) {
            if (segment.from > utcMs)
                break;
            found = segment;
        }
        return found;
    }
}
function readSegments(zone, fromMs, toMs) {
    const offsetAt = offsetReader(zone);
    const segments = [{ from: -Infinity, offset: offsetAt(fromMs) }];
    // Stryker disable next-line EqualityOperator: equivalent, one step more reads past the window
    for (let at = fromMs; at < toMs; at += SCAN_STEP_MS) {
        const before = segments[segments.length - 1].offset;
        const after = offsetAt(at + SCAN_STEP_MS);
        if (after === before)
            continue;
        // Narrow the change down to the minute: zones change offset on a whole minute.
        let low = at;
        let high = at + SCAN_STEP_MS;
        while (high - low > MINUTE_MS) {
            const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
            if (offsetAt(middle) === before)
                low = middle;
            else
                high = middle;
        }
        segments.push({ from: high, offset: after });
    }
    return segments;
}
/**
 * The zone's offset from UTC at an instant, from Intl's "GMT+05:30" form: one format call, with
 * nothing to split into parts. Offsets are whole minutes in every zone since the 1970s.
 */
function offsetReader(zone) {
    const format = formatterFor(zone);
    return utcMs => {
        const match = /GMT([+-])(\d\d):(\d\d)/.exec(format.format(utcMs));
        // Stryker disable next-line ConditionalExpression: equivalent on Node 20, whose ICU writes "GMT+00:00"; the standard's "GMT" alone is offset 0
        if (!match)
            return 0;
        const minutes = Number(match[2]) * 60 + Number(match[3]);
        return (match[1] === '-' ? -minutes : minutes) * MINUTE_MS;
    };
}

;// CONCATENATED MODULE: ./src/schedule/runs.ts
/**
 * The runs of crons in time order, straight from their field sets: for each local day a cron runs
 * on, its times of day through the zone's offset (minute by minute only on a day the offset
 * changes), put in time order across crons a local day at a time; and the first run past a horizon.
 */



const runs_MINUTE_MS = 60_000;
/** How far ahead runs are computed: the gap after the last one runs on to the next run after it. */
const HORIZON_DAYS = 400;
/** How far past the horizon the next run of a rare cron (29 February) is looked for. */
const NEXT_RUN_SEARCH_DAYS = 8 * 366;
/** More than any zone's offset from UTC (-12 h to +14 h). */
const ZONE_MARGIN_MS = 15 * 3_600_000;
function horizonOf(now) {
    return {
        fromMs: Math.floor(now.getTime() / runs_MINUTE_MS) * runs_MINUTE_MS + runs_MINUTE_MS,
        untilMs: now.getTime() + HORIZON_DAYS * expiry/* DAY_MS */.sO
    };
}
/** How many runs are counted between two readings of the clock: reading it costs more than a run. */
const RUNS_PER_CLOCK_READING = 1024;
/** How many runs wait before they are sorted and counted. */
const RUNS_PER_SETTLE = 256;
const MINUTES_PER_DAY = 24 * 60;
/** How far past the window runs are looked for as they are counted: the next run of most crons. */
const LOOKAHEAD_DAYS = 7;
const LOOKAHEAD_MINUTES = LOOKAHEAD_DAYS * MINUTES_PER_DAY;
/**
 * How far past the horizon a zone's clock is read, so that measureGaps need not read it again:
 * the lookahead, the stretch around its last local day (under 3 days), and the first days
 * nextRunBeyond looks at.
 */
const CLOCK_REACH_PAST_HORIZON_MS = (LOOKAHEAD_DAYS + 3) * expiry/* DAY_MS */.sO;
const ZONE_MARGIN_MINUTES = ZONE_MARGIN_MS / runs_MINUTE_MS;
/**
 * The longest stretch between now and the runs of all the crons in the window, in time order.
 * Local days are walked in order; a day's runs of every cron go into one buffer, and once a few
 * hundred wait, those no later day can precede (a zone is at most 14 h ahead of UTC) are sorted
 * natively and counted.
 * Runs are whole minutes since 1970, small integers: arithmetic on them allocates nothing, even
 * before the code is compiled. Undefined when `outOfTime` said stop.
 */
function measureGaps(crons, window, nowMs, outOfTime) {
    // The window starts on a whole minute; a run at its very end still counts (the trailing gap).
    const from = window.fromMs / runs_MINUTE_MS;
    const until = Math.floor(window.untilMs / runs_MINUTE_MS);
    // Every local day that can hold a run in the window or the week past it, in any zone.
    const firstDay = Math.floor((from - ZONE_MARGIN_MINUTES) / MINUTES_PER_DAY);
    const dayCount = Math.floor((until + LOOKAHEAD_MINUTES + ZONE_MARGIN_MINUTES) / MINUTES_PER_DAY) - firstDay + 1;
    // A run of a later local day comes after this, so the first run past the window up to it is the
    // first of all; past it, nextRunBeyond looks.
    const lookahead = (firstDay + dayCount) * MINUTES_PER_DAY - ZONE_MARGIN_MINUTES;
    const gaps = new GapMeter(from, until, lookahead);
    const calendar = calendarOf(firstDay, dayCount);
    const offsetsByClock = new Map();
    // Crons with the same day fields run on the same days: those are worked out once for them all.
    const byDays = new Map();
    for (const { spec, clock } of crons) {
        let offsets = offsetsByClock.get(clock);
        // Stryker disable next-line ConditionalExpression: equivalent, a cache (the same offsets again)
        if (!offsets)
            offsetsByClock.set(clock, (offsets = clock.steadyOffsetMinutes(firstDay, dayCount, ZONE_MARGIN_MS)));
        // The same day fields read the same way (POSIX's reading of one cron is measured too).
        const key = `${spec.dayOrWeekday} ${spec.dayFields}`;
        let group = byDays.get(key);
        // Stryker disable next-line ConditionalExpression: equivalent, a cache (the same days again)
        if (!group)
            byDays.set(key, (group = { days: daysRun(spec, calendar), crons: [] }));
        group.crons.push({ spec, clock, offsets });
    }
    const groups = [...byDays.values()];
    let nextReading = 0;
    for (let k = 0; k < dayCount; k++) {
        const midnight = (firstDay + k) * MINUTES_PER_DAY; // local midnight, written as if it were UTC
        addRunsOfDay(groups, k, midnight, gaps);
        // No later local day has a run before its midnight less the zone margin. Runs are counted a
        // few hundred at a time: sorting one day's runs at a time would cost more than their count.
        // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, settling more often counts the same runs in the same order
        if (gaps.waiting >= RUNS_PER_SETTLE)
            // Stryker disable next-line ArithmeticOperator: equivalent, an earlier limit only counts later
            gaps.settle(midnight + MINUTES_PER_DAY - ZONE_MARGIN_MINUTES);
        // Stryker disable next-line EqualityOperator: equivalent, the first reading comes a day later
        if (gaps.counted >= nextReading) {
            if (outOfTime())
                return undefined;
            nextReading = gaps.counted + RUNS_PER_CLOCK_READING;
        }
    }
    gaps.settle(Infinity);
    const { first, last, longest, beyond } = gaps;
    const next = Number.isFinite(beyond) ? beyond * runs_MINUTE_MS : undefined;
    if (first === undefined)
        return { longestGapMs: 0, last: nowMs, next };
    return {
        longestGapMs: Math.max(first * runs_MINUTE_MS - nowMs, longest * runs_MINUTE_MS),
        first: first * runs_MINUTE_MS,
        last: last * runs_MINUTE_MS,
        next
    };
}
/**
 * Adds the runs of every cron on local day `k`. A function of its own: a long loop in
 * measureGaps would have V8 compile all of it, and that costs more CPU than the runs themselves.
 */
function addRunsOfDay(groups, k, midnight, gaps) {
    // Indexed loops: before the code is compiled, `for of` allocates a result for each step.
    for (let g = 0; g < groups.length; g++) {
        const group = groups[g];
        if (group.days[k] === 0)
            continue;
        for (let c = 0; c < group.crons.length; c++) {
            const { spec, clock, offsets } = group.crons[c];
            const offset = offsets[k];
            // Stryker disable next-line ConditionalExpression: equivalent, the slow path finds the same runs
            if (offset === OFFSET_CHANGES) {
                for (const at of runsOnDay(spec, clock, midnight * runs_MINUTE_MS))
                    gaps.add(at / runs_MINUTE_MS);
                continue;
            }
            // A day of steady offset (nearly all): the cron's times of day, shifted.
            gaps.addTimes(spec.minutesOfDay, midnight - offset);
        }
    }
}
/**
 * Runs (minutes since 1970) waiting to be counted, and the gaps between those counted so far; and
 * the first run past the window, up to `lookahead`.
 */
class GapMeter {
    from;
    until;
    lookahead;
    first;
    last = 0;
    beyond = Infinity;
    /** The longest stretch between two counted runs, in minutes. */
    longest = 0;
    counted = 0;
    pending = new Int32Array(1024);
    size = 0;
    get waiting() {
        return this.size;
    }
    constructor(from, until, lookahead) {
        this.from = from;
        this.until = until;
        this.lookahead = lookahead;
    }
    /** Adds a run if it falls in the window; keeps the soonest past it, up to the lookahead. */
    add(at) {
        if (at < this.from)
            return;
        if (at > this.until) {
            // Stryker disable next-line EqualityOperator: equivalent, a run missed here is found by nextRunBeyond
            if (at <= this.lookahead && at < this.beyond)
                this.beyond = at;
            return;
        }
        if (this.size === this.pending.length) {
            const grown = new Int32Array(this.size * 2);
            grown.set(this.pending);
            this.pending = grown;
        }
        this.pending[this.size++] = at;
    }
    /** Adds the runs at these minutes of a day from `start`. */
    addTimes(minutes, start) {
        for (let i = 0; i < minutes.length; i++)
            this.add(start + minutes[i]);
    }
    /** Counts, in time order, the waiting runs before `limit`: no run still to come is earlier. */
    settle(limit) {
        const size = this.size;
        // Stryker disable next-line ConditionalExpression: equivalent, an empty buffer counts nothing
        if (size === 0)
            return; // most days of most crons: no sort, no view
        const runs = this.pending.subarray(0, size).sort();
        let i = 0;
        // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, no later day's run falls on the limit, and a read past the end is undefined
        for (; i < size && runs[i] < limit; i++) {
            const at = runs[i];
            if (this.first === undefined)
                this.first = at;
            else
                this.longest = Math.max(this.longest, at - this.last);
            this.last = at;
        }
        runs.copyWithin(0, i, size);
        this.size = size - i;
        this.counted += i;
    }
}
function calendarOf(firstDay, count) {
    const calendar = {
        months: new Uint8Array(count),
        days: new Uint8Array(count),
        weekdays: new Uint8Array(count)
    };
    let { month, day, weekday } = dateOf(firstDay * expiry/* DAY_MS */.sO);
    // Stryker disable next-line EqualityOperator: equivalent, a typed array ignores a write past its end
    for (let k = 0; k < count; k++) {
        calendar.months[k] = month;
        calendar.days[k] = day;
        calendar.weekdays[k] = weekday;
        // The next day by counting; the date is worked out again only where a month can end.
        // Stryker disable next-line ConditionalExpression: equivalent, working it out gives the same day
        if (day < 28) {
            day++;
            weekday = (weekday + 1) % 7;
        }
        else
            ({ month, day, weekday } = dateOf((firstDay + k + 1) * expiry/* DAY_MS */.sO));
    }
    return calendar;
}
/** For each day of the calendar, 1 if the cron runs on it. */
function daysRun(spec, { months, days, weekdays }) {
    const runs = new Uint8Array(months.length);
    const { daysOfMonth, weekdays: weekdaysRun, dayOrWeekday } = spec;
    // Stryker disable next-line EqualityOperator: equivalent, a typed array ignores a write past its end
    for (let k = 0; k < runs.length; k++) {
        const byDay = daysOfMonth[days[k]];
        const byWeekday = weekdaysRun[weekdays[k]];
        // As runsOnDate reads a date, without an object for each day.
        if (spec.months[months[k]] && (dayOrWeekday ? byDay || byWeekday : byDay && byWeekday))
            runs[k] = 1;
    }
    return runs;
}
/**
 * The calendar date of a local midnight (written as if it were UTC), by arithmetic: a Date and its
 * getters for each day of each cron cost more than the rest of the day's work. H. Hinnant's
 * civil_from_days; the unit tests compare it with Date over every day from 1900 to 2200.
 */
function dateOf(localMidnight) {
    const days = Math.floor(localMidnight / expiry/* DAY_MS */.sO);
    const shifted = days + 719_468; // days since 0000-03-01
    const era = Math.floor(shifted / 146_097);
    const dayOfEra = shifted - era * 146_097;
    const yearOfEra = Math.floor((dayOfEra -
        Math.floor(dayOfEra / 1460) +
        Math.floor(dayOfEra / 36_524) -
        Math.floor(dayOfEra / 146_096)) /
        365);
    const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
    const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
    return {
        month: monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9,
        day: dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1,
        // 1970-01-01 was a Thursday (4).
        weekday: ((days % 7) + 7 + 4) % 7
    };
}
/**
 * The UTC instants of a cron's runs on one local date, by GitHub's DST rules; in time order but
 * for the repeated hour's second pass (callers sort, or take the soonest).
 */
function runsOnDay(spec, clock, midnight) {
    // Offsets are within ±14 h: a steady offset over this window covers the whole local day.
    const windowStart = midnight - ZONE_MARGIN_MS;
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, the slow path finds the same runs
    if (clock.steadyBetween(windowStart, midnight + expiry/* DAY_MS */.sO + ZONE_MARGIN_MS)) {
        const offset = clock.offsetAt(midnight);
        return spec.minutesOfDay.map(minute => midnight + minute * runs_MINUTE_MS - offset);
    }
    // Stryker disable next-line ArrayDeclaration: equivalent, a non-number marks nothing (NaN index)
    const instants = [];
    for (const minute of spec.minutesOfDay) {
        const local = clock.toUtc(midnight + minute * runs_MINUTE_MS);
        if (local.kind === 'once')
            instants.push(local.at);
        else if (local.kind === 'skipped')
            instants.push(local.next);
        else {
            instants.push(local.first);
            if (spec.wildcardTime)
                instants.push(local.second);
        }
    }
    return instants;
}
/**
 * The first run after `afterMs` (the horizon's end), found day by day; Infinity if none. For crons
 * that do not run in the week past the horizon, where measureGaps finds it.
 */
function nextRunBeyond(crons, afterMs) {
    let best = Infinity;
    for (const { spec, clock: read } of crons) {
        // A local date can lie a day behind UTC's.
        // Stryker disable next-line ArithmeticOperator: equivalent while measureGaps finds any run in the week past afterMs
        const firstDay = Math.floor(afterMs / expiry/* DAY_MS */.sO) - 1;
        // Stryker disable next-line EqualityOperator: equivalent, one more day of an 8-year search
        for (let day = firstDay; day < firstDay + NEXT_RUN_SEARCH_DAYS; day++) {
            const midnight = day * expiry/* DAY_MS */.sO;
            if (!runsOnDate(spec, dateOf(midnight)))
                continue;
            // The clock the horizon was measured with reaches a few days past its end; past them,
            // the zone is read around the day.
            const clock = read.over(midnight - 2 * expiry/* DAY_MS */.sO, 
            // Stryker disable next-line ArithmeticOperator: equivalent, a zone is read a scan step (14 days) at a time from the start
            midnight + 2 * expiry/* DAY_MS */.sO);
            const after = runsOnDay(spec, clock, midnight).filter(at => at > afterMs);
            if (after.length) {
                best = Math.min(best, ...after);
                break;
            }
        }
    }
    return best;
}

// EXTERNAL MODULE: ./src/core/error-text.ts
var error_text = __webpack_require__(6457);
;// CONCATENATED MODULE: ./src/schedule/gap.ts
/**
 * How far apart the runs of a workflow's schedules fall: the longest stretch without a run in the
 * next 400 days, for the union of its crons, each in its own time zone, and the next run.
 *
 * Every run in the horizon is computed, to the minute, straight from the cron's field sets: for
 * each local day the cron runs on, its times of day, through the zone's offset (looked up once per
 * day, and minute by minute only on a day the offset changes). The crons' runs are put in time
 * order a local day at a time, about two days of runs in memory. The work is bounded: at most
 * MAX_CRONS entries, and a time budget after which it gives up.
 */





/** Entries evaluated at most: a real workflow has a handful. */
const MAX_CRONS = 100;
function analyseSchedules(schedules, now, { budgetMs = 1000, elapsed = stopwatch() } = {}) {
    const analysis = {
        schedules: [],
        invalid: [],
        leftOut: Math.max(0, schedules.length - MAX_CRONS)
    };
    const parsed = new Map();
    for (const schedule of schedules.slice(0, MAX_CRONS)) {
        try {
            const spec = parseSchedule(schedule);
            analysis.schedules.push(schedule);
            // Stryker disable next-line all: equivalent, only folds a cron written twice (same runs)
            parsed.set(JSON.stringify([schedule.cron.trim(), schedule.timezone]), {
                spec,
                timezone: schedule.timezone,
                schedule
            });
        }
        catch (err) {
            analysis.invalid.push({ schedule, reason: (0,error_text/* messageOf */.b)(err) });
        }
    }
    if (parsed.size === 0)
        return analysis;
    const crons = [...parsed.values()];
    const clocks = new Map();
    const outOfTime = () => elapsed() > budgetMs;
    const measured = measure(crons, now, clocks, outOfTime);
    if (!measured)
        return { ...analysis, outOfTime: true };
    analysis.longestGapMs = measured.longestGapMs;
    // Stryker disable next-line ConditionalExpression: equivalent, every cron parsed runs within 8 years
    if (Number.isFinite(measured.next))
        analysis.nextRun = new Date(measured.next);
    // Where GitHub is silent on the day fields, the gap the other reading would give, to say both.
    for (const [i, cron] of crons.entries()) {
        if (!cron.spec.ambiguousDays)
            continue;
        const posix = crons.map((other, j) => j === i ? { ...other, spec: posixReading(other.spec) } : other);
        const other = measure(posix, now, clocks, outOfTime);
        if (!other)
            return { ...analysis, outOfTime: true };
        (analysis.ambiguous ??= []).push({
            schedule: cron.schedule,
            gapMs: measured.longestGapMs,
            posixGapMs: other.longestGapMs
        });
    }
    return analysis;
}
/** The union's longest gap (the stretch after the horizon's last run included) and next run. */
function measure(crons, now, clocks, outOfTime) {
    const window = horizonOf(now);
    const inZones = crons.map(({ spec, timezone }) => {
        let clock = clocks.get(timezone);
        // Stryker disable next-line ConditionalExpression: equivalent, a cache (a new clock is the same)
        if (!clock)
            clocks.set(timezone, (clock = new ZoneClock(timezone, window.fromMs - expiry/* DAY_MS */.sO, window.untilMs + CLOCK_REACH_PAST_HORIZON_MS)));
        return { spec, clock };
    });
    const measured = measureGaps(inZones, window, now.getTime(), outOfTime);
    if (!measured)
        return undefined;
    const { longestGapMs, first, last, next } = measured;
    // The stretch after the last run in the horizon ends at the first run after it: found as the
    // runs were counted for a cron that runs weekly or more often, looked for here for a rarer one.
    const beyond = next ?? nextRunBeyond(inZones, window.untilMs);
    const trailing = (Number.isFinite(beyond) ? beyond : window.untilMs) - last;
    return { longestGapMs: Math.max(longestGapMs, trailing), next: first ?? beyond };
}
function parseSchedule({ cron, timezone }) {
    // Stryker disable next-line ConditionalExpression: equivalent, Intl takes no zone as its default
    if (timezone !== undefined && !isTimeZone(timezone))
        throw new CronError(`its timezone is not an IANA time zone such as Europe/Berlin`);
    return parseCron(cron);
}
function stopwatch() {
    const start = cpuMs();
    return () => cpuMs() - start;
}
/**
 * CPU time this process has used, in ms: the check's budget is CPU, not wall time, so a busy
 * machine (another job on the runner) slows it without making it give up.
 */
function cpuMs() {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
}
/** How a schedule is named in messages: its cron and zone, each quoted short. */
function describeCron({ cron, timezone }) {
    return `cron ${quoteShort(cron)}${timezone ? ` (${quoteShort(timezone)})` : ''}`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/schedule/workflow-ref.ts
var workflow_ref = __webpack_require__(2940);
;// CONCATENATED MODULE: ./src/schedule/workflow.ts
/**
 * Which schedules the running workflow has: every `on.schedule[].cron` (with its `timezone:`) of
 * the workflow file named by GITHUB_WORKFLOW_REF, read from the workspace when it is checked out
 * there, else through the contents API; failing both, the one cron that fired, from the event.
 */




/**
 * A workflow file this small (a keepalive workflow is a kilobyte or two) is parsed as soon as it
 * is read: a few milliseconds, spent while the Tableau requests wait for their answers.
 */
const EARLY_PARSE_CHARS = 16 * 1024;
function isSmall(size) {
    return size <= EARLY_PARSE_CHARS;
}
/** Workflow files larger than this are not read: the contents API's own cap for raw files. */
const MAX_WORKFLOW_BYTES = 1024 * 1024;
/**
 * Finds the schedules. While `settled` is pending (the Tableau work) only the download runs, and
 * the parsing of a small file: a large one waits for it, so no file can hold up a Tableau answer.
 */
async function readWorkflowSchedules(env, readContents, settled = Promise.resolve()) {
    const workflow = (0,workflow_ref/* parseWorkflowRef */.Q)(env['GITHUB_WORKFLOW_REF'], env['GITHUB_WORKFLOW_SHA']);
    const reasons = [];
    if (workflow) {
        // The YAML parser loads now, while the Tableau requests are in flight.
        void __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19)).catch(() => undefined);
        const local = checkedOutFile(workflow, env);
        let text;
        let source;
        if (local !== undefined) {
            try {
                if (!isSmall((0,external_node_fs_.statSync)(local).size))
                    await settled;
                text = readCapped(local);
                source = 'workspace';
            }
            catch (err) {
                reasons.push(`the checked-out ${workflow.path} ${(0,error_text/* messageOf */.b)(err)}`);
            }
        }
        else if (readContents) {
            try {
                text = await readContents(workflow);
                source = 'contents-api';
            }
            catch (err) {
                reasons.push((0,error_text/* messageOf */.b)(err));
            }
        }
        else
            reasons.push('it is not checked out and github-token is empty');
        // A small file is parsed at once, while the Tableau requests are in flight; a larger one,
        // whose parsing could hold up their answers, only once they are done.
        const early = text !== undefined && isSmall(text.length);
        if (!early)
            await settled;
        if (text !== undefined && source) {
            const parsed = await schedulesIn(text);
            if (parsed)
                return { workflow, schedules: parsed, source, early };
            if (early)
                await settled;
            reasons.push(`${source === 'workspace' ? 'the checked-out ' : ''}${workflow.path} is not valid YAML`);
        }
    }
    else {
        await settled;
        reasons.push('GITHUB_WORKFLOW_REF does not name a workflow file');
    }
    const fired = cronThatFired(env['GITHUB_EVENT_PATH']);
    return fired
        ? {
            workflow,
            schedules: [{ cron: fired }],
            source: 'event',
            fallbackReason: reasons.join('; ')
        }
        : { workflow, fallbackReason: reasons.join('; ') };
}
/** The file's path in the workspace, when the workspace holds this repository's checkout. */
function checkedOutFile(workflow, env) {
    const workspace = env['GITHUB_WORKSPACE'];
    if (!workspace || env['GITHUB_REPOSITORY'] !== `${workflow.owner}/${workflow.repo}`)
        return undefined;
    const file = (0,external_node_path_.join)(workspace, workflow.path);
    try {
        return (0,external_node_fs_.statSync)(file).isFile() ? file : undefined;
    }
    catch {
        return undefined;
    }
}
/** The file's text, refused past MAX_WORKFLOW_BYTES before a byte of it is read. */
function readCapped(file) {
    const { size } = (0,external_node_fs_.statSync)(file);
    if (size > MAX_WORKFLOW_BYTES)
        throw new Error(`is ${size} bytes, more than the ${MAX_WORKFLOW_BYTES} read at most`);
    return (0,external_node_fs_.readFileSync)(file, 'utf8');
}
/** The schedules of a workflow file; [] when it has none; undefined when it is not YAML. */
async function schedulesIn(text) {
    const { parse } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    let doc;
    try {
        // Duplicate-key checks are quadratic in the keys of a mapping (20 s for 1 MiB); GitHub
        // rejects such a file anyway. Errors throw; warnings, which quote the file, are not printed.
        doc = parse(text, { uniqueKeys: false, logLevel: 'error' });
    }
    catch {
        return undefined;
    }
    const top = (doc ?? {});
    // Under `%YAML 1.1` the key `on` is the boolean true; GitHub still reads it as `on`.
    const on = top['on'] ?? top['true'];
    const entries = on?.['schedule'];
    if (!Array.isArray(entries))
        return [];
    return entries.flatMap(entry => {
        const { cron, timezone } = (entry ?? {});
        if (typeof cron !== 'string')
            return [];
        return [typeof timezone === 'string' ? { cron, timezone } : { cron }];
    });
}
/** The `schedule` of a schedule event's payload: the cron that fired this run. */
function cronThatFired(eventPath) {
    if (!eventPath)
        return undefined;
    try {
        const event = JSON.parse((0,external_node_fs_.readFileSync)(eventPath, 'utf8'));
        return typeof event.schedule === 'string' ? event.schedule : undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/schedule/verdict.ts
var verdict = __webpack_require__(9080);
;// CONCATENATED MODULE: ./src/schedule/check.ts
/**
 * The keeper checks its own schedule: a keepalive that runs too rarely, on a cron GitHub will not
 * run, or not on a schedule at all, lets the token die without a word. Annotations only: the
 * verdict is about the workflow, and never changes a token's status or the exit code.
 */





/** Crons named in the gap message at most: the rest are counted. */
const NAMED_CRONS = 5;
const EXAMPLE = "cron: '17 6 * * 1,4' (twice a week, at an odd minute)";
/**
 * CPU time the crons' evaluation may take before the check gives up. Parsing the file is bounded
 * by its size instead (1 MiB at most, MAX_WORKFLOW_BYTES): it cannot be stopped half-way, and
 * counting it here made a large file's verdict depend on how busy the machine was.
 */
const CHECK_BUDGET_MS = 1000;
/** CPU time a small file's evaluation may take while the Tableau work is still running. */
const EARLY_BUDGET_MS = 20;
/**
 * `settled` is the Tableau work: before it has finished only the file's download runs, and the
 * parsing and a 20 ms evaluation of a small file, so no workflow file, however large, can make a
 * Tableau request time out.
 */
async function checkSchedule(env, readContents, now, settled = Promise.resolve(), 
/** The idle window (idle-days, the smallest of the tokens'): an error at it, a warning past half. */
idleDays = expiry/* DEFAULT_IDLE_DAYS */.bp) {
    const found = await readWorkflowSchedules(env, readContents, settled);
    const file = found.workflow?.path ?? 'the workflow';
    const annotations = [];
    const say = (level, message) => void annotations.push({ level, title: verdict/* SCHEDULE_TITLE */.J, message });
    if (!found.schedules) {
        // Outside GitHub Actions (no workflow at all) there is nothing to check.
        if (found.workflow || env['GITHUB_WORKFLOW_REF'])
            say('notice', `Schedule not checked: could not read ${file} (${found.fallbackReason}).`);
        return { annotations };
    }
    if (found.source === 'event')
        say('notice', `Checked only the cron that fired this run, from the event payload: could not read ${file} (${found.fallbackReason}), so its other schedules were not checked.`);
    if (found.schedules.length === 0) {
        say('warning', `${file} has no schedule: nothing runs this keepalive regularly, and a PAT unused for ${idleDays} days expires. Add on: schedule: - ${EXAMPLE}.`);
        return { annotations };
    }
    const { analysis, cpuMs: evaluationCpuMs } = await evaluate(found.schedules, now, found.early ? settled : undefined);
    if (analysis.leftOut)
        say('notice', `${file} has ${found.schedules.length} schedule entries: only the first ${MAX_CRONS} were checked, so the gap below may be shorter in truth.`);
    if (analysis.outOfTime) {
        say('notice', `Schedule not checked: ${file} took more than ${CHECK_BUDGET_MS / 1000} s of CPU time to evaluate, and the check gave up so as not to hold up the job.`);
        return { annotations, evaluationCpuMs };
    }
    for (const { schedule, reason } of analysis.invalid)
        say('warning', `${describeCron(schedule)} in ${file} is not valid: ${reason}. GitHub does not run it.`);
    for (const schedule of analysis.schedules.filter(onTheHour))
        say('notice', `${describeCron(schedule)} runs at minute 0: GitHub delays, and at busy times drops, runs at the top of the hour. Use an odd minute, e.g. ${quoteShort(`17 ${schedule.cron.trim().split(/\s+/).slice(1).join(' ')}`)}.`);
    if (analysis.longestGapMs === undefined)
        return { annotations, evaluationCpuMs };
    const days = (ms) => Math.min(Math.floor(ms / expiry/* DAY_MS */.sO), 400);
    for (const { schedule, gapMs, posixGapMs } of analysis.ambiguous ?? [])
        if (days(gapMs) !== days(posixGapMs))
            say('notice', `${describeCron(schedule)} in ${file} is read one of two ways: GitHub does not document a day field that starts with * and has a step beside a restricted one. Read as classic (Vixie) cron reads it, both day fields must match, and the longest gap is ${days(gapMs)} days; read as POSIX does, either matches, and it is ${days(posixGapMs)} days. This check takes the worse, ${days(gapMs)} days. Write the days without * (e.g. 1-31/2) to say which you mean.`);
    const gapDays = days(analysis.longestGapMs);
    const named = analysis.schedules.slice(0, NAMED_CRONS).map(describeCron);
    const more = analysis.schedules.length - named.length;
    const crons = named.join(', ') + (more ? ` and ${more} more` : '');
    const gap = `${crons} in ${file} leave${analysis.schedules.length === 1 ? 's' : ''} up to ${gapDays} days between runs`;
    // Past half the idle window a delayed or dropped run leaves no margin.
    if (gapDays >= idleDays)
        say('error', `${gap}: a token can expire from disuse (${idleDays} days) between two runs. Run at least weekly, e.g. ${EXAMPLE}.`);
    else if (gapDays > idleDays / 2)
        say('warning', `${gap}. Run at least weekly, e.g. ${EXAMPLE}, so that a delayed or dropped run still leaves time before the ${idleDays}-day idle limit.`);
    return {
        gapDays,
        nextRun: analysis.nextRun ? (0,expiry/* formatInstant */.r4)(analysis.nextRun) : undefined,
        annotations,
        evaluationCpuMs
    };
}
/**
 * The crons' runs, evaluated within CHECK_BUDGET_MS of CPU. A small file read while the Tableau
 * work is still running (`pending`) is first evaluated at once within EARLY_BUDGET_MS, so that the
 * check is done by the time the Tableau work is; past that it waits and starts again.
 */
async function evaluate(schedules, now, pending) {
    let spent = 0;
    const within = (budgetMs) => {
        const started = cpuMs();
        const analysis = analyseSchedules(schedules, now, {
            budgetMs,
            elapsed: () => cpuMs() - started
        });
        spent += cpuMs() - started;
        return analysis;
    };
    if (pending) {
        const early = within(EARLY_BUDGET_MS);
        if (!early.outOfTime)
            return { analysis: early, cpuMs: spent };
        await pending;
    }
    return { analysis: within(CHECK_BUDGET_MS), cpuMs: spent };
}
function onTheHour({ cron }) {
    return /^0+$/.test(cron.trim().split(/\s+/)[0] ?? '');
}


/***/ })

};
