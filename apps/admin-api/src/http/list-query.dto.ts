import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/** `limit` default 25, max 100; sort only on allow-listed fields (docs/admin-api.md#lists-and-paging). */
export class ListQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 25, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 25;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  skip = 0;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}

/** A LIKE pattern matching what starts with `text` (lower-cased), its `%`, `_` and backslash taken literally. */
export function prefixPattern(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface ListResponse<T> {
  total: number;
  limit: number;
  skip: number;
  rows: T[];
}

/** One page of `entity` rows as `{total, limit, skip, rows}`, sorted by an allow-listed field. */
export async function listPage<E extends ObjectLiteral, D>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  options: { where?: FindOptionsWhere<E> | FindOptionsWhere<E>[]; sortBy: keyof E & string },
  query: ListQueryDto,
  toDto: (row: E) => D,
): Promise<ListResponse<D>> {
  const [rows, total] = await manager.findAndCount(entity, {
    where: options.where,
    order: { [options.sortBy]: query.order === 'desc' ? 'DESC' : 'ASC' } as FindOptionsOrder<E>,
    take: query.limit,
    skip: query.skip,
  });
  return { total, limit: query.limit, skip: query.skip, rows: rows.map(toDto) };
}
