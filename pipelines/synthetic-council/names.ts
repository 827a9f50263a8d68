/**
 * Name and place lists for a fictional council area. Names are common in England so that, as in a
 * real cohort, many unrelated people share them; places are invented. Nothing here describes a
 * real person or household.
 */
export const femaleGivenNames = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia',
  'Grace', 'Freya', 'Poppy', 'Ella', 'Evie', 'Chloe', 'Jessica', 'Ruby', 'Emily', 'Sophie',
  'Hannah', 'Charlotte', 'Lucy', 'Megan', 'Holly', 'Amy', 'Laura', 'Rebecca', 'Sarah', 'Emma',
  'Karen', 'Nicola', 'Joanne', 'Lisa', 'Claire', 'Michelle', 'Kelly', 'Donna', 'Aisha', 'Zara',
  'Maryam', 'Fatima', 'Zofia', 'Maja', 'Priya', 'Leanne', 'Gemma', 'Stacey', 'Kayleigh', 'Shannon',
] as const;

export const maleGivenNames = [
  'Oliver', 'George', 'Noah', 'Arthur', 'Leo', 'Harry', 'Oscar', 'Jack', 'Charlie', 'Jacob',
  'Thomas', 'Alfie', 'Freddie', 'Henry', 'Theo', 'William', 'Joshua', 'James', 'Daniel', 'Samuel',
  'Ryan', 'Liam', 'Connor', 'Callum', 'Kyle', 'Jordan', 'Lewis', 'Nathan', 'Luke', 'Adam',
  'Mark', 'Paul', 'Lee', 'Darren', 'Craig', 'Wayne', 'Stuart', 'Gary', 'Steven', 'Dean',
  'Mohammed', 'Ibrahim', 'Yusuf', 'Omar', 'Jakub', 'Piotr', 'Arjun', 'Kieran', 'Jamie', 'Reece',
] as const;

export const surnames = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill',
  'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
  'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', "O'Brien", 'Khan', 'Ahmed', 'Nowak', 'Hunt-Miller',
] as const;

export const streetStems = [
  'Mill', 'Church', 'Station', 'Victoria', 'Orchard', 'Meadow', 'Park', 'Kingsway', 'Willow', 'Bridge',
  'Chapel', 'Quarry', 'Weavers', 'Tanners', 'Rope', 'Brook', 'Elm', 'Hawthorn', 'Beech', 'Rowan',
  'Hazel', 'Clover', 'Foxglove', 'Lark', 'Heron', 'Kestrel', 'Wharf', 'Canal', 'Mead', 'Abbey',
  'Castle', 'Market', 'Forge', 'Malthouse', 'Bakers', 'Cooper', 'Wessex', 'Hillside', 'Valley', 'Combe',
] as const;

export const streetKinds = ['Street', 'Road', 'Lane', 'Close', 'Avenue', 'Way', 'Gardens', 'Crescent'] as const;

/** Towns of the fictional council; each has its own postcode district. */
export const towns = [
  { name: 'Avonford', district: 'BA1' },
  { name: 'Kingsmead Vale', district: 'BA2' },
  { name: 'Combe Lacey', district: 'BA3' },
  { name: 'Radstow', district: 'BA4' },
  { name: 'Netherbury Cross', district: 'BA5' },
  { name: 'Little Wexcombe', district: 'BA6' },
] as const;

/** Localities sometimes written on the second address line. */
export const localities = ['Northgate', 'Southfields', 'Old Town', 'Riverside', 'Upper Hill', 'Westmoor'] as const;

/** Areas that name the council's family-help teams ("Northgate Family Help"). */
export const teamAreas = ['Northgate', 'Southfields', 'Riverside', 'Westmoor', 'Old Town', 'Upper Hill'] as const;
