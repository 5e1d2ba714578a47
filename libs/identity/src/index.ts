export { hashPassword, verifyPassword } from './password-hasher';
