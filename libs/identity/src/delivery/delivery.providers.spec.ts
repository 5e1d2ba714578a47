import { Test } from '@nestjs/testing';
import { APP_CONFIG, loadConfig } from '@rapidauth/config';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleMailOutbox, ConsoleSmsOutbox } from './console-outbox';
import { DELIVERY_AVAILABILITY, type DeliveryAvailability } from './delivery-availability';
import { DELIVERY_PROVIDERS } from './delivery.providers';
import { Mailer } from './mailer';
import { MessageDelivery } from './message-delivery';
import { MAIL_TRANSPORT, SMS_TRANSPORT } from './outgoing-message';
import { SmsSender } from './sms-sender';

async function deliveryFor(env: NodeJS.ProcessEnv) {
  const { config } = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'rapidauth-delivery-')), ...env });
  const moduleRef = await Test.createTestingModule({ providers: [{ provide: APP_CONFIG, useValue: config }, ...DELIVERY_PROVIDERS] }).compile();
  return {
    availability: moduleRef.get<DeliveryAvailability>(DELIVERY_AVAILABILITY),
    mail: moduleRef.get(MAIL_TRANSPORT),
    sms: moduleRef.get(SMS_TRANSPORT),
    delivery: moduleRef.get(MessageDelivery),
    close: () => moduleRef.close(),
  };
}

describe('the delivery providers', () => {
  it('use the console outbox without transports outside production', async () => {
    const { availability, mail, sms, close } = await deliveryFor({});
    expect(mail).toBeInstanceOf(ConsoleMailOutbox);
    expect(sms).toBeInstanceOf(ConsoleSmsOutbox);
    expect([availability.email(), availability.sms()]).toEqual([true, true]);
    await close();
  });

  it('make a method unavailable in production without its transport, and refuse to send through it', async () => {
    const { availability, mail, sms, delivery, close } = await deliveryFor({ NODE_ENV: 'production', SMS_PROVIDER_URL: 'https://sms.example.com/send' });
    expect(mail).toBeNull();
    expect(sms).toBeInstanceOf(SmsSender);
    expect([availability.email(), availability.sms()]).toEqual([false, true]);
    await expect(delivery.sendEmail('ana@example.com', { subject: 's', text: '{{code}}', html: '' }, { code: '1' })).rejects.toMatchObject({
      code: 'DELIVERY_FAILED',
    });
    await close();
  });

  it('use the SMTP server when SMTP_URL is set, and close its pool on shutdown', async () => {
    const { availability, mail, close } = await deliveryFor({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:1' });
    expect(mail).toBeInstanceOf(Mailer);
    expect([availability.email(), availability.sms()]).toEqual([true, false]);
    const closing = jest.spyOn(mail as Mailer, 'close');
    await close();
    expect(closing).toHaveBeenCalled();
  });
});
