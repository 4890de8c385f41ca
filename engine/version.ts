/** Version strings: ours and the Redis version whose behaviour we reproduce. Any thread. */
export const VERSION = '0.1.0';
export const REDIS_VERSION = '7.0.15';
