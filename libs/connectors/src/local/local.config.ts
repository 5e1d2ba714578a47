import { CommonConfig } from '../config/common.config';

/** The gateway's own identities need no keys beyond those every service has. */
export class LocalConfig extends CommonConfig {}
