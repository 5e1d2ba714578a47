import { Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { IntrospectController } from '../oauth/introspect.controller';
import { TokenController } from '../oauth/token.controller';
import { declaredResponse } from './declared-response';

describe('declaredResponse', () => {
  it('reads what the token and introspection routes declare, in the order Nest sets it', () => {
    // @Header decorators apply bottom-up: Pragma is set first, as Express serves it.
    expect(declaredResponse(TokenController, 'token')).toEqual({
      status: 200,
      headers: [
        ['Pragma', 'no-cache'],
        ['Cache-Control', 'no-store'],
      ],
    });
    expect(declaredResponse(IntrospectController, 'introspect')).toEqual({ status: 200, headers: [['Cache-Control', 'no-store']] });
  });

  it("takes Nest's 201 for a POST without @HttpCode", () => {
    @Controller('x')
    class Plain {
      @Post()
      create() {}
    }
    expect(declaredResponse(Plain, 'create')).toEqual({ status: 201, headers: [] });
  });

  it('refuses routes the hot path would not serve as Nest does', () => {
    @Controller('x')
    @UseGuards(class {})
    class Guarded {
      @Post()
      @HttpCode(200)
      serve() {}
    }
    @Controller('x')
    class Typed {
      @Post()
      @Header('Content-Type', 'text/plain')
      serve() {}
    }
    expect(() => declaredResponse(Guarded, 'serve')).toThrow(/__guards__/);
    expect(() => declaredResponse(Typed, 'serve')).toThrow(/Content-Type/);
  });
});
