import { Injectable } from '@nestjs/common';
import { ExternalKeys, ExternalKeysInput } from './allocation/external-keys';
import { KeyAllocator } from './allocation/key-allocator';
import type { DeliveredKey, ExternalDelivery, KeyReservation, StockLevel } from './public/card-keys.contracts';
import { CardKeysFacade } from './public/card-keys.facade';
import { StockWatch } from './stock/stock-watch';

@Injectable()
export class CardKeysFacadeService extends CardKeysFacade {
  constructor(
    private readonly allocator: KeyAllocator,
    private readonly stock: StockWatch,
    private readonly external: ExternalKeys,
  ) {
    super();
  }

  stockLevels(goodsIds: readonly string[]): Promise<Map<string, StockLevel>> {
    return this.stock.levels(goodsIds);
  }

  reserve(input: { orderId: string; lineId: string; goodsId: string; quantity: number; expiresAt: Date }): Promise<KeyReservation> {
    return this.allocator.reserve(input);
  }

  release(input: { orderId: string; lineId?: string }): Promise<number> {
    return this.allocator.release(input);
  }

  deliver(input: { orderId: string; lineId: string; goodsId: string; quantity: number }): Promise<DeliveredKey[]> {
    return this.allocator.deliver(input);
  }

  deliveredKeys(input: { orderId: string; reason: string }): Promise<DeliveredKey[]> {
    return this.allocator.deliveredKeys(input);
  }

  replaceKey(input: { orderId: string; keyId: string; reason: string }): Promise<DeliveredKey> {
    return this.allocator.replaceKey(input);
  }

  override deliverExternal(input: ExternalKeysInput): Promise<ExternalDelivery> {
    return this.external.deliver(input);
  }
}
