// The parts of ltijs 5.9 this tool uses; ltijs ships no type declarations.
declare module 'ltijs' {
  import type { Express, Request, Response, NextFunction } from 'express';

  export interface LtijsPlatform {
    platformKid(): Promise<string>;
    platformClientId(): Promise<string>;
    platformPublicKey(): Promise<string>;
    platformPrivateKey(): Promise<string>;
    delete(): Promise<boolean>;
  }

  export interface LtijsProvider {
    app: Express;
    Database: { setup(): Promise<boolean>; Close(): Promise<boolean> };
    Grade: unknown;
    DeepLinking: unknown;
    NamesAndRoles: unknown;
    setup(encryptionKey: string, database: { url?: string; connection?: object; plugin?: object }, options: Record<string, unknown>): LtijsProvider;
    onConnect(cb: (token: unknown, req: Request, res: Response, next: NextFunction) => unknown): boolean;
    onDeepLinking(cb: (token: unknown, req: Request, res: Response, next: NextFunction) => unknown): boolean;
    onInvalidToken(cb: (req: Request, res: Response, next: NextFunction) => unknown): boolean;
    onSessionTimeout(cb: (req: Request, res: Response, next: NextFunction) => unknown): boolean;
    registerPlatform(p: {
      url: string;
      name: string;
      clientId: string;
      authenticationEndpoint: string;
      accesstokenEndpoint: string;
      authorizationServer?: string;
      authConfig: { method: 'JWK_SET' | 'JWK_KEY' | 'RSA_KEY'; key: string };
    }): Promise<LtijsPlatform>;
    getPlatform(url: string, clientId: string): Promise<LtijsPlatform | false>;
    deletePlatform(url: string, clientId: string): Promise<boolean>;
  }

  const ltijs: { Provider: LtijsProvider };
  export default ltijs;
}

declare module 'ltijs/dist/Utils/Auth.js' {
  const Auth: {
    validateToken(token: string, ...rest: unknown[]): Promise<Record<string, unknown>>;
  };
  export default Auth;
}
