export { DomainError, type FieldProblem } from './domain-error';
