/**
 * Committed scenarios whose full run is too long for the golden summaries
 * (minutes): their golden is recorded over a shortened window, the edit
 * below applied to the scenario's JSON before validation (as --set does).
 */
type Edit = (data: unknown) => void;

export const SHORTENED_GOLDEN: Readonly<Record<string, Edit>> = {
  // A month (139 M requests, minutes): the golden covers the opening match's whistle (12 June 23:52 Paris time).
  'sofoot-worldcup.month.json': (data) => {
    Object.assign((data as { run: object }).run, { startsAt: '2014-06-12T23:30', duration: '40min' });
  },
  // 100 replications of 13 days (about 30 s here): the golden keeps 10 of them, each job's failure drawn as in the full run.
  'university-backup.failed-jobs.json': (data) => {
    Object.assign((data as { run: object }).run, { replications: 10 });
  },
  // Four cycles of 500,000 readings with the processing backlog of synchronised boxes (over 20 s): the golden covers the first cycle.
  'medria-iot.synchronized.json': (data) => {
    Object.assign((data as { run: object }).run, { duration: '30min' });
  },
  // 1,000 requests/s for 30 min (about 20 s): the golden covers the first 15 min, the two node failures at 10 min included.
  'wimi-collaboration.json': (data) => {
    Object.assign((data as { run: object }).run, { duration: '15min' });
  },
  // NextRadioTV (about 25 s each here): the goldens stop 3 minutes into the fivefold peak (the host fails 1 minute
  // into it, VMware HA restarts its VMs 3 minutes later), and 1 minute into the fortyfold flood.
  'nextradiotv.json': (data) => {
    Object.assign((data as { run: object }).run, { duration: '26min' });
  },
  'nextradiotv.host-failure.json': (data) => {
    Object.assign((data as { run: object }).run, { duration: '28min' });
  },
  'nextradiotv.flood.json': (data) => {
    Object.assign((data as { run: object }).run, { duration: '4min' });
  },
};
