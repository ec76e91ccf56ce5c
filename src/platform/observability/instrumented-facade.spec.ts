import { NotFoundError } from '../http/app-error';
import { currentModule, ownerOfJob, runAsModule } from './current-module';
import { instrumentFacade } from './instrumented-facade';
import { Metrics } from './metrics';

abstract class StockFacade {
  abstract levels(goodsId: string): Promise<number>;
  abstract find(goodsId: string): Promise<number>;
  abstract broken(): Promise<void>;
}

class StockFacadeService extends StockFacade {
  seenAs: string[] = [];
  initialised = 0;

  async levels(goodsId: string): Promise<number> {
    this.seenAs.push(currentModule());
    return this.helper(goodsId);
  }

  async find(goodsId: string): Promise<number> {
    throw new NotFoundError(`no goods ${goodsId}`);
  }

  async broken(): Promise<void> {
    throw new Error('database unreachable');
  }

  onModuleInit(): void {
    this.initialised += 1;
  }

  private helper(goodsId: string): number {
    return goodsId.length;
  }
}

describe('instrumentFacade', () => {
  const metrics = new Metrics();
  const impl = new StockFacadeService();
  const facade = instrumentFacade(StockFacade, impl, 'card-keys', metrics);
  /** One series' value; a histogram's `_count` series is found under its metric's name. */
  const value = async (series: string, labels: Record<string, string>): Promise<number> => {
    const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === series.replace(/_count$/, ''));
    const found = (metric?.values ?? []).find(
      (v) => ((v as { metricName?: string }).metricName ?? metric?.name) === series && Object.entries(labels).every(([k, l]) => v.labels[k] === l),
    );
    return found?.value ?? 0;
  };

  it('answers like the implementation, runs it as the called module, and counts the call under its caller', async () => {
    expect(facade).toBeInstanceOf(StockFacade);
    expect(await runAsModule('orders', () => facade.levels('abc'))).toBe(3);
    expect(await runAsModule('goods', () => facade.levels('abcd'))).toBe(4);
    expect(impl.seenAs).toEqual(['card-keys', 'card-keys']);
    expect(currentModule()).toBe('platform'); // the caller's own scope is back after the call
    expect(await value('facade_calls_total', { module: 'card-keys', method: 'levels', caller: 'orders', outcome: 'ok' })).toBe(1);
    expect(await value('facade_calls_total', { module: 'card-keys', method: 'levels', caller: 'goods', outcome: 'ok' })).toBe(1);
    expect(await value('facade_call_duration_seconds_count', { module: 'card-keys', method: 'levels', caller: 'orders' })).toBe(1);
  });

  it('counts a 4xx as refused and anything else as an error, and passes both on unchanged', async () => {
    await expect(runAsModule('orders', () => facade.find('x'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(runAsModule('orders', () => facade.broken())).rejects.toThrow('database unreachable');
    expect(await value('facade_calls_total', { module: 'card-keys', method: 'find', caller: 'orders', outcome: 'refused' })).toBe(1);
    expect(await value('facade_calls_total', { module: 'card-keys', method: 'broken', caller: 'orders', outcome: 'error' })).toBe(1);
  });

  it('does not expose the lifecycle hooks Nest already calls on the implementation', () => {
    expect((facade as unknown as { onModuleInit?: unknown }).onModuleInit).toBeUndefined();
  });
});

describe('ownerOfJob', () => {
  it('names the module from the queue, or from the task for schedules', () => {
    expect(ownerOfJob('orders.dynamic-deliveries', 'deliver')).toBe('orders');
    expect(ownerOfJob('card-keys.events', 'card-keys.release')).toBe('card-keys');
    expect(ownerOfJob('platform.schedules', 'referrals.settle-commissions')).toBe('referrals');
    expect(ownerOfJob('oddly-named', 'x')).toBe('platform');
  });
});
