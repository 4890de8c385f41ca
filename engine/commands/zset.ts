/** zset commands (being written). */
export {};
