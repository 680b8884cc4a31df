export interface Config {
  callboard?: {
    signIn?: {
      /**
       * Sign-in providers offered on the sign-in page, in order: `guest` (development only;
       * the backend refuses it elsewhere) and `github`.
       * @default ["guest"]
       * @visibility frontend
       */
      providers?: string[];
    };
  };
}
