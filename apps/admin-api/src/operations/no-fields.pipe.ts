import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/**
 * For a route that takes no body, or `{}`: any field is refused like an unknown field of a DTO
 * (400 naming it), which an empty DTO class cannot do (class-validator refuses even `{}` there).
 */
@Injectable()
export class NoFieldsPipe implements PipeTransform {
  transform(body: unknown): undefined {
    if (body === undefined || body === null) return undefined;
    const fields = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : ['(body)'];
    if (fields.length > 0) {
      throw new BadRequestException({ fields: fields.map((field) => ({ field, message: `property ${field} should not exist` })) });
    }
    return undefined;
  }
}
