import { expect } from 'chai';
import { StoreConflictError } from '../../../server/store/types.js';
import { newPlatform, rejection, RICH_JSON, T0, UUID, type CurrentStore } from './fixtures.js';

export function platformContract(store: CurrentStore): void {
  describe('platforms', () => {
    it('inserts a platform with a generated id and timestamps, and reads it back', async () => {
      const before = Date.now();
      const p = await store().insertPlatform(newPlatform({ authServer: 'https://lms.example.edu/aud' }));
      expect(p.id).to.match(UUID);
      expect(p.createdAt).to.be.within(before, Date.now());
      expect(p.updatedAt).to.equal(p.createdAt);
      expect(p).to.include(newPlatform({ authServer: 'https://lms.example.edu/aud' }));
      expect(await store().selectPlatform(p.id)).to.deep.equal(p);
      expect(await store().selectPlatform('missing')).to.equal(null);
    });

    it('refuses a second registration of the same issuer and client id', async () => {
      await store().insertPlatform(newPlatform());
      expect(await rejection(store().insertPlatform(newPlatform({ name: 'Again' })))).to.be.instanceOf(StoreConflictError);
      expect((await store().selectPlatforms()).map((p) => p.name)).to.deep.equal(['Example LMS']);
    });

    it('finds platforms by issuer, with and without a client id', async () => {
      const a = await store().insertPlatform(newPlatform({ clientId: 'a' }));
      const b = await store().insertPlatform(newPlatform({ clientId: 'b' }));
      const other = await store().insertPlatform(newPlatform({ issuer: 'https://other.example.org', clientId: 'a' }));
      expect(await store().selectPlatformByIssuer(a.issuer, 'b')).to.deep.equal(b);
      expect(await store().selectPlatformByIssuer(other.issuer, 'a')).to.deep.equal(other);
      expect(await store().selectPlatformByIssuer(a.issuer, 'c')).to.equal(null);
      expect(await store().selectPlatformsByIssuer(a.issuer)).to.have.deep.members([a, b]);
      expect(await store().selectPlatformsByIssuer('https://unknown.example')).to.deep.equal([]);
      expect(await store().selectPlatforms()).to.have.deep.members([a, b, other]);
    });

    it('patches only the given fields and keeps id and createdAt', async () => {
      const p = await store().insertPlatform(newPlatform({ status: 'pending', authServer: 'https://aud.example' }));
      const updated = await store().updatePlatform(p.id, { status: 'active', name: 'Renamed', authServer: null });
      expect(updated).to.deep.include({ ...p, status: 'active', name: 'Renamed', authServer: null, updatedAt: updated?.updatedAt });
      expect(updated?.updatedAt).to.be.at.least(p.updatedAt);
      expect(await store().selectPlatform(p.id)).to.deep.equal(updated);
      expect(await store().updatePlatform('missing', { name: 'x' })).to.equal(null);
    });

    it('refuses an update onto a taken issuer and client id, leaving the platform as it was', async () => {
      await store().insertPlatform(newPlatform({ clientId: 'taken' }));
      const p = await store().insertPlatform(newPlatform({ clientId: 'free' }));
      expect(await rejection(store().updatePlatform(p.id, { clientId: 'taken' }))).to.be.instanceOf(StoreConflictError);
      expect(await store().selectPlatform(p.id)).to.deep.equal(p);
    });

    it('adds deployments idempotently and lists, finds and deletes them', async () => {
      const p = await store().insertPlatform(newPlatform());
      const d1 = await store().insertDeployment(p.id, 'dep-1');
      expect(d1).to.deep.include({ platformId: p.id, deploymentId: 'dep-1' });
      expect(await store().insertDeployment(p.id, 'dep-1')).to.deep.equal(d1);
      const d2 = await store().insertDeployment(p.id, 'dep-2');
      expect(await store().selectDeployments(p.id)).to.have.deep.members([d1, d2]);
      expect(await store().selectDeployment(p.id, 'dep-2')).to.deep.equal(d2);
      expect(await store().selectDeployment(p.id, 'dep-3')).to.equal(null);
      expect(await store().deleteDeployment(p.id, 'dep-1')).to.equal(true);
      expect(await store().deleteDeployment(p.id, 'dep-1')).to.equal(false);
      expect(await store().selectDeployments(p.id)).to.deep.equal([d2]);
    });

    it('refuses deployments and registrations of an unknown platform', async () => {
      expect((await rejection(store().insertDeployment('missing', 'dep-1'))).message).to.match(/platform/i);
      const registration = { id: 'r', platformId: 'missing', openidConfiguration: {}, toolConfiguration: {}, createdAt: T0 };
      expect((await rejection(store().insertRegistration(registration))).message).to.match(/platform/i);
    });

    it('stores dynamic registrations with their JSON intact', async () => {
      const p = await store().insertPlatform(newPlatform({ source: 'dynamic', status: 'pending' }));
      const r = { id: 'reg-1', platformId: p.id, openidConfiguration: RICH_JSON, toolConfiguration: { client_id: 'c', list: [{ a: 1 }] }, createdAt: T0 };
      await store().insertRegistration(r);
      expect(await store().selectRegistration('reg-1')).to.deep.equal(r);
      expect(await store().selectRegistrationByPlatform(p.id)).to.deep.equal(r);
      expect(await store().selectRegistration('missing')).to.equal(null);
      expect(await store().selectRegistrationByPlatform('missing')).to.equal(null);
    });

    it('deletes a platform together with its deployments and registrations', async () => {
      const p = await store().insertPlatform(newPlatform());
      const kept = await store().insertPlatform(newPlatform({ clientId: 'kept' }));
      await store().insertDeployment(p.id, 'dep-1');
      await store().insertDeployment(kept.id, 'dep-1');
      await store().insertRegistration({ id: 'reg-1', platformId: p.id, openidConfiguration: {}, toolConfiguration: {}, createdAt: T0 });
      expect(await store().deletePlatform(p.id)).to.equal(true);
      expect(await store().selectPlatform(p.id)).to.equal(null);
      expect(await store().selectDeployments(p.id)).to.deep.equal([]);
      expect(await store().selectRegistration('reg-1')).to.equal(null);
      expect(await store().selectDeployments(kept.id)).to.have.length(1);
      expect(await store().deletePlatform(p.id)).to.equal(false);
      // The pair is free again once the platform is gone.
      expect((await store().insertPlatform(newPlatform())).id).to.not.equal(p.id);
    });
  });
}
