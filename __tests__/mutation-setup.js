// Under mutation testing every mutant re-runs the tests that cover it: the schedule reference
// test then checks fewer generated workflows (it reads this).
process.env['SCHEDULE_REFERENCE_CASES'] = '24'
