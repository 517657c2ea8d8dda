import { describe, expect, it } from 'vitest';
import { rhythmChain } from '#cli/sample/rhythm-chain.ts';
import { rewindState, rewindSubject } from '#shared/model/rewind-state.ts';
import { riskSafeIndicatorIds } from '#shared/model/risk-features.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { event } from '../helpers/customer-builder.ts';

const DAY = 86_400_000;
const END = Date.parse('2026-11-23T23:59:59+08:00');
const CUT = END - 182 * DAY;
const iso = (daysBeforeEnd: number) => new Date(END - daysBeforeEnd * DAY).toISOString();

describe("a customer's state wound back to an earlier moment", () => {
  it('is the state folded from the events up to that moment, for everything that carries its own time', () => {
    const complaint = event.complaint(iso(200), 'serious', 'dm');
    const events = [
      event.visit(iso(400), 120),
      event.visit(iso(300), 150),
      event.visit(iso(190), 90),
      complaint,
      event.invitation(iso(195), 'declined'),
      event.rating(iso(199), 'dm', 2),
      event.survey(iso(198), 40),
      event.interaction(iso(250), 'message'),
      // After the cut: a visit, a renewal, a top-up, the complaint resolved, more contact.
      event.visit(iso(100), 300),
      event.membership(iso(100), 'renew', iso(-265)),
      event.storedValue(iso(100), 'topup', 500, 500),
      event.resolution(iso(90), complaint.eventId),
      event.invitation(iso(60), 'accepted'),
      event.rating(iso(59), 'script', 5),
    ];
    const now = foldCustomerFile({ events }).state;
    const then = foldCustomerFile({ events }, CUT).state;
    const rewound = rewindState(now, CUT);
    expect({ ...rewound.visits, last: rewound.visits.last?.at }).toEqual({
      ...then.visits,
      last: then.visits.last?.at,
    });
    expect(rewound.visits.last?.amountFen).toBe(9000);
    expect(rewound.invitations).toEqual(then.invitations);
    expect(rewound.ratings).toEqual(then.ratings);
    expect(rewound.surveys).toEqual(then.surveys);
    expect(rewound.interactions.recent).toEqual(then.interactions.recent);
    expect(rewound.complaints.map((c) => [c.at, c.severity, c.category])).toEqual(
      then.complaints.map((c) => [c.at, c.severity, c.category]),
    );
    // What today's state keeps only as a latest value is cleared, never guessed: the renewal and
    // the top-up after the cut would tell the model who came back.
    expect(rewound.membershipExpiresAt).toBeNull();
    expect(rewound.storedValue).toBeNull();
  });

  it('fires the indicators the risk model reads exactly as the history folded up to the cut does', () => {
    // 20 months of history: the cut is 14 months in, within the 800 days of visits a state keeps.
    const policy = presetPolicy('script-kill');
    const safe = riskSafeIndicatorIds(policy);
    const { assess } = new PolicyScorer(policy).at(CUT);
    const fired = (subject: Parameters<typeof assess>[0]) =>
      assess(subject)
        .fired.map((finding) => finding.id)
        .filter((id) => safe.has(id));
    let compared = 0;
    for (const { file } of rhythmChain({ customers: 400, seed: 3, until: END, months: 20 })) {
      const exact = { profile: file, state: foldCustomerFile(file, CUT).state };
      const rewound = rewindSubject({ profile: file, state: foldCustomerFile(file, END).state }, CUT);
      expect(fired(rewound)).toEqual(fired(exact));
      expect(rewound.state.visits.count).toBe(exact.state.visits.count);
      compared += exact.state.visits.count > 0 ? 1 : 0;
    }
    expect(compared).toBeGreaterThan(250);
  });

  it('leaves a customer whose first visit came after the moment with no visits', () => {
    const now = foldCustomerFile({ events: [event.visit(iso(10), 100), event.visit(iso(5), 100)] }).state;
    const rewound = rewindState(now, CUT);
    expect(rewound.visits).toEqual({ count: 0, spendFen: 0, firstAt: null, last: null, recentAt: [], recentFen: [] });
  });
});
