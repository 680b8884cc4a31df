export interface Config {
  callboard?: {
    catalog?: {
      /**
       * Bounds on what one entity may carry. An entity over a limit fails processing with an
       * error naming the field and the limit; the rest of its location still loads.
       */
      limits?: {
        /**
         * Serialized size of the whole entity, in bytes, after placeholders such as $text are
         * resolved (API definitions count).
         * @default 1048576
         */
        entityBytes?: number;
        /** @default 200 */
        titleLength?: number;
        /** @default 2000 */
        descriptionLength?: number;
        /** @default 20 */
        links?: number;
        /** @default 2048 */
        linkUrlLength?: number;
        /** @default 50 */
        tags?: number;
        /** Length of each annotation and label value. @default 4096 */
        annotationValueLength?: number;
      };
      /**
       * URL schemes allowed in metadata.links, without the colon.
       * @default ["http", "https", "mailto"]
       */
      linkSchemes?: string[];
    };
  };
}
