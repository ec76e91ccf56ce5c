import { messageIdOf } from './message-id';

describe('messageIdOf', () => {
  it('is the same for every attempt of a row, and changes only with a new generation', () => {
    const id = '0b7f3c1e-8d0a-4b8e-9a43-3f1a2b3c4d5e';
    expect(messageIdOf(id, 0, 'cards.example')).toBe(`<${id}@cards.example>`);
    expect(messageIdOf(id, 0, 'cards.example')).toBe(messageIdOf(id, 0, 'cards.example'));
    expect(messageIdOf(id, 2, 'cards.example')).toBe(`<${id}.2@cards.example>`);
  });
});
