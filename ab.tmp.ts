import { startDynamoDbLocal } from './infra/local/dynamodb-local.js';
import { benchReminders } from './bench/reminders.js';
const dynamo = await startDynamoDbLocal({});
try { const f = await benchReminders({ dynamodbEndpoint: dynamo.endpoint, count: 4000 }); console.log(process.env.LABEL, f['peak RSS MB'], f['messages/s sustained']); } finally { await dynamo.stop(); }
