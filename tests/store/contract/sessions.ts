import { expect } from 'chai';
import { StoreConflictError, type LoginState } from '../../../server/store/types.js';
import { newSession, rejection, T0, type CurrentStore } from './fixtures.js';

function loginState(state: string, expiresAt: number): LoginState {
  return { state, nonce: `nonce-${state}`, platformId: 'platform-1', targetLinkUri: 'https://tool.example/launch?x=1', createdAt: T0, expiresAt };
}

export function loginStateContract(store: CurrentStore): void {
  describe('login states', () => {
    it('hands a state out exactly once', async () => {
      const s = loginState('s1', T0 + 600_000);
      await store().insertLoginState(s);
      expect(await store().consumeLoginState('s1', T0 + 1)).to.deep.equal(s);
      expect(await store().consumeLoginState('s1', T0 + 2)).to.equal(null);
      expect(await store().consumeLoginState('unknown', T0)).to.equal(null);
    });

    it('gives a state to only one of two simultaneous launches', async () => {
      await store().insertLoginState(loginState('race', T0 + 600_000));
      const results = await Promise.all([store().consumeLoginState('race', T0), store().consumeLoginState('race', T0)]);
      expect(results.filter((r) => r !== null)).to.have.length(1);
    });

    it('treats a state as expired from its expiresAt on, and removes it anyway', async () => {
      await store().insertLoginState(loginState('late', T0 + 1000));
      expect(await store().consumeLoginState('late', T0 + 1000)).to.equal(null);
      expect(await store().consumeLoginState('late', T0)).to.equal(null);
    });

    it('refuses a duplicate state', async () => {
      await store().insertLoginState(loginState('dup', T0 + 1000));
      expect(await rejection(store().insertLoginState(loginState('dup', T0 + 2000)))).to.be.instanceOf(StoreConflictError);
    });

    it('deletes exactly the expired states', async () => {
      await store().insertLoginState(loginState('old', T0 + 10));
      await store().insertLoginState(loginState('edge', T0 + 20));
      await store().insertLoginState(loginState('live', T0 + 21));
      expect(await store().deleteExpiredLoginStates(T0 + 20)).to.equal(2);
      expect(await store().deleteExpiredLoginStates(T0 + 20)).to.equal(0);
      expect(await store().consumeLoginState('live', T0 + 20)).to.deep.equal(loginState('live', T0 + 21));
    });
  });
}

export function sessionContract(store: CurrentStore): void {
  describe('sessions', () => {
    it('round-trips a session, roles and nested claims included', async () => {
      const s = newSession('sha-1');
      await store().insertSession(s);
      expect(await store().selectSession('sha-1', T0)).to.deep.equal(s);
      expect(await store().selectSession('unknown', T0)).to.equal(null);
    });

    it('keeps optional fields that are set', async () => {
      const s = newSession('sha-2', {
        resourceLinkTitle: 'Unit 1',
        userEmail: 'a@b.example',
        contextTitle: null,
        messageType: 'LtiDeepLinkingRequest',
        roles: [],
      });
      await store().insertSession(s);
      expect(await store().selectSession('sha-2', T0)).to.deep.equal(s);
    });

    it('hides a session from its expiresAt on', async () => {
      const s = newSession('sha-3');
      await store().insertSession(s);
      expect(await store().selectSession('sha-3', s.expiresAt - 1)).to.deep.equal(s);
      expect(await store().selectSession('sha-3', s.expiresAt)).to.equal(null);
    });

    it('deletes one session, and is quiet about unknown ones', async () => {
      await store().insertSession(newSession('sha-4'));
      await store().insertSession(newSession('sha-5'));
      await store().deleteSession('sha-4');
      await store().deleteSession('unknown');
      expect(await store().selectSession('sha-4', T0)).to.equal(null);
      expect(await store().selectSession('sha-5', T0)).to.not.equal(null);
    });

    it('deletes exactly the expired sessions', async () => {
      await store().insertSession(newSession('old', { expiresAt: T0 + 10 }));
      await store().insertSession(newSession('live', { expiresAt: T0 + 11 }));
      expect(await store().deleteExpiredSessions(T0 + 10)).to.equal(1);
      expect(await store().selectSession('live', T0)).to.not.equal(null);
    });
  });
}

export function lifecycleContract(store: CurrentStore): void {
  describe('lifecycle', () => {
    it('answers ping and names its kind', async () => {
      await store().ping();
      expect(store().kind).to.be.oneOf(['sqlite', 'mongo']);
    });

    it('sweeps expired login states, sessions and ltijs documents in one call', async () => {
      // ltijs documents expire by the real clock, so `now` runs ahead of it rather than behind.
      const now = Date.now() + 3_600_000;
      await store().insertLoginState(loginState('old', now));
      await store().insertLoginState(loginState('live', now + 60_000));
      await store().insertSession(newSession('old', { expiresAt: now }));
      await store().insertSession(newSession('live', { expiresAt: now + 60_000 }));
      await store().insertLtiDoc('nonce', { nonce: 'old' }, now);
      await store().insertLtiDoc('nonce', { nonce: 'live' }, now + 60_000);
      await store().insertLtiDoc('nonce', { nonce: 'forever' }, null);
      expect(await store().sweepExpired(now)).to.equal(3);
      expect(await store().sweepExpired(now)).to.equal(0);
      expect(await store().selectSession('live', now)).to.not.equal(null);
      expect(await store().findLtiDocs('nonce', {})).to.have.deep.members([{ nonce: 'live' }, { nonce: 'forever' }]);
      expect(await store().consumeLoginState('live', now)).to.not.equal(null);
    });
  });
}
