/**
 * The behaviour every Store adapter must show. Each test gets a fresh, empty
 * store from `open`, so tests never depend on each other's data.
 */
import type { Store } from '../../server/store/types.js';
import { classroomContract } from './contract/classroom.js';
import { contentContract } from './contract/content.js';
import { learnerContract } from './contract/learners.js';
import { ltiDocContract } from './contract/ltidocs.js';
import { outboxContract } from './contract/outbox.js';
import { platformContract } from './contract/platforms.js';
import { lifecycleContract, loginStateContract, sessionContract } from './contract/sessions.js';

export function runStoreContract(label: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${label}`, () => {
    let store: Store | null = null;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store?.close();
      store = null;
    });

    const current = (): Store => {
      if (!store) throw new Error('The store is only open inside a test');
      return store;
    };

    lifecycleContract(current);
    platformContract(current);
    loginStateContract(current);
    sessionContract(current);
    ltiDocContract(current);
    contentContract(current);
    learnerContract(current);
    outboxContract(current);
    classroomContract(current);
  });
}
