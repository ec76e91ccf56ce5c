import { loggableUrl } from './logging.module';

describe('loggableUrl', () => {
  it('drops the query string of payment callbacks (a signed epay notify), keeps other URLs whole', () => {
    expect(loggableUrl('/api/payments/callbacks/epay/4f1c?pid=1001&money=1.00&sign=abc')).toBe('/api/payments/callbacks/epay/4f1c');
    expect(loggableUrl('/api/goods?limit=5')).toBe('/api/goods?limit=5');
  });
});
