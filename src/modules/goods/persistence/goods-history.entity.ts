import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FieldChanges } from '../domain/history-diff';

export type GoodsHistoryAction = 'created' | 'updated' | 'sale-status-changed' | 'archived' | 'restored';

/** One change of a goods item: who, when, and the field-level difference it made. */
@Entity({ schema: 'goods', name: 'goods_history' })
export class GoodsHistoryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'goods_id' })
  goodsId: string;

  /** The goods version this change produced. */
  @Column('integer')
  version: number;

  @Column('text')
  action: GoodsHistoryAction;

  @Column('text', { name: 'actor_type' })
  actorType: string;

  @Column('text', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_label', nullable: true })
  actorLabel: string | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('timestamptz')
  at: Date;

  @Column('jsonb')
  changes: FieldChanges;
}
