// Under mutation testing every mutant re-runs the tests that cover it: the schedule reference
// tests then check fewer generated workflows, and the day-by-day reference fewer zones (each
// reads its variable). The reference walks every minute of 400 days: 0.3-0.5 s a case.
process.env['SCHEDULE_REFERENCE_CASES'] = '12'
process.env['SCHEDULE_REFERENCE_ZONES'] = 'UTC,America/New_York'
