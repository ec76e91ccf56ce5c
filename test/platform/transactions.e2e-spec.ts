import { Injectable, Module } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { createTestApp, TestApp } from '../support/test-app';

/** Stands for another module's facade: it writes through the ambient transaction. */
@Injectable()
class LedgerFacade {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async write(note: string): Promise<void> {
    await this.txHost.tx.query(`INSERT INTO public.test_ledger (note) VALUES ($1)`, [note]);
  }
}

@Module({ providers: [LedgerFacade], exports: [LedgerFacade] })
class LedgerModule {}

/** Stands for a calling module that does its own write, then calls the facade, in one transaction. */
@Injectable()
class CheckoutService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly ledger: LedgerFacade,
  ) {}

  async checkout(fail: boolean): Promise<void> {
    await this.txHost.withTransaction(async () => {
      await this.txHost.tx.query(`INSERT INTO public.test_ledger (note) VALUES ('checkout')`);
      await this.ledger.write('facade');
      if (fail) throw new Error('a later step failed');
    });
  }
}

@Module({ imports: [LedgerModule], providers: [CheckoutService] })
class CheckoutModule {}

describe('ambient transactions across module facades', () => {
  let shop: TestApp;
  const notes = async () =>
    (await shop.dataSource.query(`SELECT note FROM public.test_ledger ORDER BY note`)).map((r: { note: string }) => r.note);
  const checkout = (fail: boolean) =>
    shop.app.get(ClsService).run(() => shop.app.get(CheckoutService).checkout(fail));

  beforeAll(async () => {
    shop = await createTestApp({ imports: [CheckoutModule], env: { ROLE: 'api' } });
    await shop.dataSource.query(`CREATE TABLE IF NOT EXISTS public.test_ledger (note text NOT NULL)`);
  });
  beforeEach(() => shop.dataSource.query(`TRUNCATE public.test_ledger`));
  afterAll(() => shop.close());

  it('commits the caller’s and the facade’s writes together', async () => {
    await checkout(false);
    expect(await notes()).toEqual(['checkout', 'facade']);
  });

  it('rolls the facade’s write back with the caller’s transaction', async () => {
    await expect(checkout(true)).rejects.toThrow('a later step failed');
    expect(await notes()).toEqual([]);
  });
});
