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

  type Doc = Record<string, unknown>;

  /**
   * ltijs's storage API, the same for its MongoDB driver and for database
   * plugins. With a secret, `item` is stored encrypted next to the clear
   * `index` fields, and Get returns the decrypted items (index fields omitted).
   */
  export interface LtijsDatabase {
    setup(): Promise<boolean>;
    Close(): Promise<boolean>;
    Get(secret: string | false, collection: string, query?: Doc): Promise<Doc[] | false>;
    Insert(secret: string | false, collection: string, item: Doc, index?: Doc): Promise<boolean>;
    Replace(secret: string | false, collection: string, query: Doc, item: Doc, index?: Doc): Promise<boolean>;
    Modify(secret: string | false, collection: string, query: Doc, modification: Doc): Promise<boolean>;
    Delete(collection: string, query: Doc): Promise<boolean>;
  }

  export interface LtijsProvider {
    app: Express;
    Database: LtijsDatabase;
    Grade: unknown;
    DeepLinking: unknown;
    NamesAndRoles: unknown;
    setup(encryptionKey: string, database: { url?: string; connection?: object; plugin?: object }, options: Record<string, unknown>): LtijsProvider;
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
