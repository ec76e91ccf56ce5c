import { openSla, withFirstResponse, withStatus, withTargets } from './ticket-sla';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const targets = { firstResponseMinutes: 60, resolutionMinutes: 240 };

describe('ticket SLA', () => {
  it('decides the first response once, against running time', () => {
    const answered = withFirstResponse(openSla(T0, targets), at(50));
    expect(answered).toMatchObject({ firstRespondedAt: at(50), firstResponseSeconds: 3000, firstResponseMet: true });
    expect(withFirstResponse(answered, at(70)).firstRespondedAt).toEqual(at(50));
    expect(withFirstResponse(openSla(T0, targets), at(61))).toMatchObject({ firstResponseSeconds: 3660, firstResponseMet: false });
  });

  it('is a miss once the breach was seen, whatever the time of the answer', () => {
    const breached = { ...openSla(T0, targets), firstResponseBreachedAt: at(61) };
    // A priority change after the breach gives a laxer target; the breach still stands.
    expect(withFirstResponse(withTargets(breached, { firstResponseMinutes: 120, resolutionMinutes: 240 }), at(90)).firstResponseMet).toBe(false);
  });

  it('leaves pending time out of the handling time and moves due times by it', () => {
    let t = withStatus(openSla(T0, targets), 'pending', at(30)); // the agent asked the buyer something
    t = withStatus(t, 'open', at(630)); // the buyer answered ten hours later
    expect(t.due).toEqual({ firstResponseDueAt: at(660), resolutionDueAt: at(840) });
    t = withStatus(t, 'resolved', at(700));
    expect(t).toMatchObject({ resolvedAt: at(700), handlingSeconds: 100 * 60, resolutionMet: true, firstRespondedAt: at(700), firstResponseMet: false });
  });

  it('undoes the resolution when the ticket is reopened, and decides again at the next one', () => {
    let t = withStatus(withFirstResponse(openSla(T0, targets), at(10)), 'resolved', at(100));
    t = withStatus(t, 'open', at(1000));
    expect(t).toMatchObject({ resolvedAt: null, handlingSeconds: null, resolutionMet: null, status: 'open' });
    t = withStatus(t, 'resolved', at(1200));
    expect(t).toMatchObject({ handlingSeconds: 300 * 60, resolutionMet: false });
    t = withStatus(t, 'closed', at(5000));
    expect(t).toMatchObject({ closedAt: at(5000), resolvedAt: at(1200) });
    expect(t.clock.pausedSince).toBeNull();
  });

  it('recomputes due times from the opening when the priority changes', () => {
    let t = withStatus(openSla(T0, targets), 'pending', at(10));
    t = withStatus(t, 'open', at(70));
    expect(withTargets(t, { firstResponseMinutes: 15, resolutionMinutes: 60 }).due).toEqual({ firstResponseDueAt: at(75), resolutionDueAt: at(120) });
  });
});
