import { resetPlatformTables } from '../support/test-app';
import { bearer, createCategory, createGoods, createGoodsTestApp, GoodsTestApp, resetGoodsTables } from './goods-test-app';

describe('goods admin: categories', () => {
  let shop: GoodsTestApp;
  let operator: string;
  const categories = async () =>
    (await shop.dataSource.query(`SELECT count(*)::int AS n FROM goods.categories`))[0].n as number;

  beforeAll(async () => {
    shop = await createGoodsTestApp();
  });

  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetGoodsTables(shop.dataSource);
    operator = await shop.adminToken('operator');
  });

  afterAll(() => shop.close());

  it('needs an admin token and the operator role; the owner passes too', async () => {
    const body = { name: 'Game cards', slug: 'game-cards' };
    expect((await shop.http().post('/admin/categories').send(body)).status).toBe(401);
    expect((await shop.http().get('/admin/categories')).status).toBe(401);
    for (const role of ['support', 'finance', 'marketing']) {
      const token = await shop.adminToken(role);
      const res = await shop.http().post('/admin/categories').set(bearer(token)).send(body);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await categories()).toBe(0);
    const owner = await shop.adminToken('owner');
    expect((await shop.http().get('/admin/categories').set(bearer(owner))).status).toBe(200);
    expect((await shop.http().post('/admin/categories').set(bearer(operator)).send(body)).status).toBe(201);
  });

  it('creates, reads, lists, edits and deletes a category', async () => {
    const created = await shop
      .http()
      .post('/admin/categories')
      .set(bearer(operator))
      .send({ name: 'Game cards', slug: 'game-cards', sortOrder: 5 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Game cards', slug: 'game-cards', sortOrder: 5, visible: true });
    const id = created.body.id as string;

    expect((await shop.http().get(`/admin/categories/${id}`).set(bearer(operator))).body.slug).toBe('game-cards');

    const edited = await shop.http().patch(`/admin/categories/${id}`).set(bearer(operator)).send({ visible: false, name: 'Games' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Games', slug: 'game-cards', visible: false });

    await createCategory(shop, operator, { sortOrder: 1 });
    const hidden = await shop.http().get('/admin/categories?visible=false').set(bearer(operator));
    expect(hidden.body).toEqual({ items: [expect.objectContaining({ id })], total: 1 });
    const all = await shop.http().get('/admin/categories?limit=1').set(bearer(operator));
    expect(all.body.total).toBe(2);
    expect(all.body.items).toHaveLength(1);
    expect(all.body.items[0].sortOrder).toBe(1);

    expect((await shop.http().delete(`/admin/categories/${id}`).set(bearer(operator))).status).toBe(204);
    const gone = await shop.http().get(`/admin/categories/${id}`).set(bearer(operator));
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('category_not_found');
  });

  it('refuses malformed input with 400 and creates nothing', async () => {
    for (const body of [
      { name: 'x', slug: 'Bad Slug' },
      { name: 'x', slug: 'double--hyphen' },
      { name: '  ', slug: 'ok' },
      { name: 'x', slug: 'ok', visible: 'yes' },
      { name: 'x', slug: 'ok', parent: 'nope' },
      { name: 'x', slug: 'ok', sortOrder: null },
    ]) {
      const res = await shop.http().post('/admin/categories').set(bearer(operator)).send(body);
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    }
    expect(await categories()).toBe(0);
    const bad = await shop.http().get('/admin/categories/not-a-uuid').set(bearer(operator));
    expect(bad.status).toBe(400);
  });

  it('keeps slugs unique, also when two admins race for one', async () => {
    const first = await createCategory(shop, operator);
    const again = await shop.http().post('/admin/categories').set(bearer(operator)).send({ name: 'x', slug: first.slug });
    expect([again.status, again.body.error.code]).toEqual([409, 'category_slug_taken']);

    const other = await createCategory(shop, operator);
    const rename = await shop.http().patch(`/admin/categories/${other.id}`).set(bearer(operator)).send({ slug: first.slug });
    expect([rename.status, rename.body.error.code]).toEqual([409, 'category_slug_taken']);

    const racing = await Promise.all(
      Array.from({ length: 8 }, () =>
        shop.http().post('/admin/categories').set(bearer(operator)).send({ name: 'Race', slug: 'race' }),
      ),
    );
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
    expect(racing.filter((r) => r.status === 409)).toHaveLength(7);
    expect(await categories()).toBe(3);
  });

  it('refuses to delete a category that has goods, archived ones included', async () => {
    const category = await createCategory(shop, operator);
    const goods = await createGoods(shop, operator, category.id);
    await shop.http().delete(`/admin/goods/${goods.id}`).set(bearer(operator)).expect(200);
    const res = await shop.http().delete(`/admin/categories/${category.id}`).set(bearer(operator));
    expect([res.status, res.body.error.code]).toEqual([409, 'category_in_use']);
    expect(await categories()).toBe(1);
  });

  it('replays a create retried with the same Idempotency-Key', async () => {
    const send = () =>
      shop
        .http()
        .post('/admin/categories')
        .set(bearer(operator))
        .set('Idempotency-Key', 'category-create-1')
        .send({ name: 'Top-ups', slug: 'top-ups' });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await categories()).toBe(1);
  });
});
