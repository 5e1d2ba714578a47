/**
 * Whether mail and SMS can be delivered: without a transport in production the email and phone
 * methods cannot be enabled (docs/admin-api.md, identity methods).
 */
export interface DeliveryAvailability {
  email(): boolean;
  sms(): boolean;
}

export const DELIVERY_AVAILABILITY = Symbol('DELIVERY_AVAILABILITY');
